/**
 * The fake's users, with what the API never shows of them (API key, password, configuration),
 * indexed by userId, by API key, and by login within a network.
 */
import type { User } from "../types.js";
import { newApiKey } from "./secrets.js";

/** A user as the API shows it, mutable inside the fake. Fields the spec does not list are kept as seeded. */
export type UserRecord = {
  userId: number;
  login: string;
  email: string;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  networkId: number;
  mailboxId: number;
  authLevel: string;
  status: string;
  created: string;
} & Record<string, unknown>;

/** One stored user. */
export interface StoredUser {
  readonly user: UserRecord;
  /** `user` as JSON, kept current by {@link Store.change}: listings join these instead of serialising users again. */
  json: string;
  apiKey: string;
  password: string | undefined;
  config: Record<string, unknown>;
}

/** A user to store, as {@link resolveSeeds} leaves it. */
export interface ResolvedSeed {
  user: UserRecord;
  apiKey: string | undefined;
  password: string | undefined;
}

/** Logins are unique within a network, without regard to case (the fake's choice). */
const loginKey = (networkId: number, login: string) => `${networkId}\u0000${login.toLowerCase()}`;

/** The users, by id, key and login; {@link Store.change} keeps the indices and the cached JSON current. */
export class Store {
  private readonly byId = new Map<number, StoredUser>();
  private readonly byKey = new Map<string, StoredUser>();
  private readonly byLogin = new Map<string, StoredUser>();
  /** Every user, by userId: ids only grow, so a new user goes last. */
  readonly ordered: StoredUser[] = [];
  /** Keys that a rotation or a termination revoked: they get InvalidAPIKey, never the caller's stand-in. */
  readonly revokedKeys = new Set<string>();
  /** The keys the test listed for the caller (`apiKeys`), while they are valid. */
  readonly callerKeys: Set<string>;
  /** Every password the fake has held or handed out, the latest 10,000: the request log redacts them wherever they appear. */
  private readonly passwords = new Set<string>();

  constructor(
    seeds: readonly ResolvedSeed[],
    public nextId: number,
    /** The caller's userId: its keys include {@link callerKeys}. */
    private readonly callerId: number,
    callerKeys: readonly string[],
  ) {
    this.callerKeys = new Set(callerKeys);
    for (const seed of [...seeds].sort((a, b) => a.user.userId - b.user.userId)) this.add(seed.user, seed.apiKey ?? newApiKey(), seed.password);
  }

  get(userId: number): StoredUser | undefined {
    return this.byId.get(userId);
  }

  withKey(apiKey: string): StoredUser | undefined {
    return this.byKey.get(apiKey);
  }

  /** The user holding `login` in `networkId`, if any. */
  loginOwner(networkId: number, login: string): StoredUser | undefined {
    return this.byLogin.get(loginKey(networkId, login));
  }

  add(user: UserRecord, apiKey: string, password: string | undefined): StoredUser {
    const stored: StoredUser = { user, json: JSON.stringify(user), apiKey, password, config: {} };
    if (password !== undefined) this.rememberPassword(password);
    this.byId.set(user.userId, stored);
    this.byKey.set(apiKey, stored);
    this.byLogin.set(loginKey(user.networkId, user.login), stored);
    this.ordered.push(stored);
    this.nextId = Math.max(this.nextId, user.userId + 1);
    return stored;
  }

  /** Applies `changes` to a user; fields set to undefined are left as they are. */
  change(stored: StoredUser, changes: Record<string, unknown>): void {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    this.byLogin.delete(loginKey(stored.user.networkId, stored.user.login));
    Object.assign(stored.user, defined);
    this.byLogin.set(loginKey(stored.user.networkId, stored.user.login), stored);
    stored.json = JSON.stringify(stored.user);
  }

  /** Gives a user a new key and revokes its old ones. */
  rotateKey(stored: StoredUser, apiKey: string): void {
    this.revokeKeys(stored);
    stored.apiKey = apiKey;
    this.byKey.set(apiKey, stored);
  }

  /** Revokes every key of a user: its own, and the listed keys when it is the caller. */
  revokeKeys(stored: StoredUser): void {
    const keys = [stored.apiKey, ...(stored.user.userId === this.callerId ? this.callerKeys : [])];
    for (const key of keys) {
      this.byKey.delete(key);
      this.revokedKeys.add(key);
    }
    if (stored.user.userId === this.callerId) this.callerKeys.clear();
  }

  /** Keeps a password the fake set or generated, so that the log never shows it. */
  rememberPassword(password: string): void {
    this.passwords.add(password);
    if (this.passwords.size > 10_000) this.passwords.delete(this.passwords.values().next().value ?? "");
  }

  /** Whether `text` is a key or a password the fake knows. */
  holdsSecret(text: string): boolean {
    return this.byKey.has(text) || this.revokedKeys.has(text) || this.callerKeys.has(text) || this.passwords.has(text);
  }

  /** Copies of every user, as the API shows them. */
  snapshot(): User[] {
    return this.ordered.map((s) => JSON.parse(s.json) as User);
  }
}
