/**
 * Who a request acts as. An API key that is a user's own acts as that user; a key revoked by a
 * rotation or a termination is refused; any other key stands for the caller (or, when the test
 * listed `apiKeys`, only those do). Any non-empty Bearer token stands for the caller until Reset
 * Sessions (or Terminate User) on the caller revokes the tokens it has used.
 */
import { Refusal } from "./answers.js";
import type { Acting } from "./context.js";
import type { Store, StoredUser, UserRecord } from "./store.js";

/** The credential a request carries. `value` is never logged. */
export interface Credential {
  kind: "api-key" | "bearer" | "none";
  value: string;
}

/** Reads `X-API-Key`, else `Authorization: Bearer`, as the spec's two security schemes. */
export function readCredential(header: (name: string) => string | undefined): Credential {
  const key = header("x-api-key");
  if (key !== undefined && key !== "") return { kind: "api-key", value: key };
  const authorization = header("authorization");
  if (authorization !== undefined && /^bearer(\s|$)/i.test(authorization)) return { kind: "bearer", value: authorization.slice(6).trim() };
  return { kind: "none", value: "" };
}

const unauthorized = (errorCode: "InvalidAPIKey" | "InvalidSession", message: string) => new Refusal(401, errorCode, message);

/** The caller: one of the stored users, or a stand-in that only Get Me shows. */
export interface CallerIdentity {
  /** The stored caller, found by userId at each request (Reset rebuilds the store). */
  storedId: number | undefined;
  /** The caller as Get Me shows it when it is not stored. */
  standIn: UserRecord;
}

/** Authenticates requests against the store's keys, the listed keys and the Bearer tokens seen, and revokes sessions. */
export class Authenticator {
  /** Bearer tokens seen, and the userId each acts as. */
  private readonly sessions = new Map<string, number>();
  private readonly revokedTokens = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly caller: CallerIdentity,
    /** Whether any key that is no user's stands for the caller (no `apiKeys` listed). */
    private readonly anyKey: boolean,
  ) {}

  /** Who the request acts as; throws a `Refusal` (401) otherwise. */
  authenticate(credential: Credential): Acting {
    if (credential.kind === "none") throw unauthorized("InvalidAPIKey", "No API key: send one in the X-API-Key header (or a Bearer token in Authorization).");
    if (credential.kind === "bearer") {
      if (credential.value === "") throw unauthorized("InvalidSession", "The Authorization header carries no Bearer token.");
      if (this.revokedTokens.has(credential.value)) throw unauthorized("InvalidSession", "The session token has been revoked.");
      const acting = this.callerActing("InvalidSession");
      this.sessions.set(credential.value, acting.userId);
      return acting;
    }
    const owner = this.store.withKey(credential.value);
    if (owner !== undefined) return acting(owner);
    if (this.store.revokedKeys.has(credential.value)) throw unauthorized("InvalidAPIKey", "The API key has been revoked.");
    if (!this.anyKey && !this.store.callerKeys.has(credential.value)) throw unauthorized("InvalidAPIKey", "The API key is not valid.");
    return this.callerActing("InvalidAPIKey");
  }

  /** Revokes the Bearer tokens `userId` has used. */
  revokeSessions(userId: number): void {
    for (const [token, owner] of this.sessions) {
      if (owner !== userId) continue;
      this.sessions.delete(token);
      this.revokedTokens.add(token);
    }
  }

  /** Whether `text` is a secret the fake holds: a token seen, or any key or password it knows. */
  isSecret(text: string): boolean {
    return this.sessions.has(text) || this.revokedTokens.has(text) || this.store.holdsSecret(text);
  }

  private callerActing(errorCode: "InvalidAPIKey" | "InvalidSession"): Acting {
    if (this.caller.storedId === undefined) return { ...this.caller.standIn, stored: undefined, user: this.caller.standIn };
    const stored = this.store.get(this.caller.storedId);
    if (stored === undefined || stored.user.status === "Terminated") throw unauthorized(errorCode, "The caller's user is terminated: its credentials no longer work.");
    return acting(stored);
  }
}

function acting(stored: StoredUser): Acting {
  const { user } = stored;
  return { userId: user.userId, networkId: user.networkId, mailboxId: user.mailboxId, authLevel: user.authLevel, stored, user };
}
