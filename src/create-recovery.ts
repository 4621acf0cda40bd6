// Types only: a value imported from the client would make esbuild move it to a chunk shared with
// dist/index.js, which every program would then load at import. What it needs comes in a RecoveryKit.
import type { CreateRecovery, EcgridError } from "./errors.js";
import type { RequestOptions, ResolvedOptions } from "./options.js";
import type { Redactor } from "./redact.js";
import type { AttemptEvent } from "./send.js";
import type { CreateUserInput, User } from "./types.js";
import type { Invoke } from "./users.js";

/** What the recovery takes from the client. */
export interface RecoveryKit {
  /** Whether a create's failure leaves its outcome unknown. */
  ambiguous(error: unknown): boolean;
  /** Whether the server refused the login as taken. */
  isDuplicate(error: unknown): boolean;
  /** The passwords the create sends, as read before it was first sent: the lookups' secrets. */
  passwords: readonly string[];
  /** The create's redactor (its key and password), with the redaction patterns loaded. */
  redactor(): Promise<Redactor>;
}

/**
 * How far the server's clock may be behind the client's before a user the create made looks
 * older than the call. A user created before the call minus this existed already.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

type Verdict = { user: User } | { absent: true } | { recovery: CreateRecovery };

/** Logins and emails compared as a database with a case-insensitive collation would: no case, no edge spaces. */
const same = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether `user` is the one this create would have made: the email asked for, every field the
 * create gave, and made no earlier than the call (less the clock skew). A user with the login and
 * email that existed before is not this create's: it would have refused with DuplicateObject.
 */
function isThisCreate(user: User, input: CreateUserInput, since: number): "yes" | "older" | "no" {
  if (!same(user.email, input.email)) return "no";
  for (const field of ["mailboxId", "authLevel", "firstName", "lastName"] as const) {
    const asked = input[field];
    if (asked !== undefined && asked !== null && user[field] !== asked) return "no";
  }
  const created = Date.parse(String(user.created));
  return Number.isNaN(created) || created < since - CLOCK_SKEW_MS ? "older" : "yes";
}

/**
 * Looks the login up in the create's target network (the caller's own when `networkId` was not
 * given). Found as this create would have made it: it happened. Not found: it did not.
 */
async function lookUp(invoke: Invoke, input: CreateUserInput, since: number, options: RequestOptions | undefined, secrets: readonly string[]): Promise<Verdict> {
  try {
    // Both settle before the verdict, so no lookup is still running once the call has returned.
    const settled = await Promise.allSettled([
      invoke("getUserByName", { body: { login: input.login } }, options, undefined, secrets) as Promise<User[]>,
      input.networkId ?? (invoke("getMe", {}, options, undefined, secrets) as Promise<User>).then((me) => me.networkId),
    ]);
    const [found, network] = settled.map((s) => {
      if (s.status === "rejected") throw s.reason;
      return s.value;
    }) as [User[], number];
    const inNetwork = found.filter((user) => same(user.login, input.login) && user.networkId === network);
    if (inNetwork.length === 0) return { absent: true };
    const verdicts = inNetwork.map((user) => isThisCreate(user, input, since));
    const [user] = inNetwork;
    if (inNetwork.length === 1 && user && verdicts[0] === "yes") return { user };
    return { recovery: { outcome: verdicts.includes("older") ? "already-existed" : "different-user", found: inNetwork } };
  } catch (lookupError) {
    if (options?.signal?.aborted) throw options.signal.reason;
    return { recovery: { outcome: "lookup-failed", lookupError } };
  }
}

/** The create that failed, as `safeCreate` saw it. */
export interface FailedCreate {
  input: CreateUserInput;
  options: RequestOptions | undefined;
  /** The first send's error. */
  error: unknown;
  /** When the call began (`Date.now()`). */
  since: number;
  /** How many times the create may be sent again, as read before it was first sent. */
  resends: number;
}

/** The type of {@link recoverCreate}. */
export type RecoverCreate = typeof recoverCreate;

/**
 * What follows a create's ambiguous failure (see `safeCreate`): look the login up, and resolve
 * to the user found, send the create again, or throw the create's error with what the lookup
 * found (`error.recovery`).
 */
export async function recoverCreate(kit: RecoveryKit, resolved: ResolvedOptions, invoke: Invoke, failed: FailedCreate): Promise<User> {
  const { ambiguous, isDuplicate, passwords } = kit;
  const { input, options, since, resends } = failed;
  let { error } = failed;
  let duplicate = false;
  for (let sent = 0; ; sent++) {
    if (sent > 0) {
      try {
        return (await invoke("createUser", { body: input }, options)) as User;
      } catch (again) {
        error = again;
        // A DuplicateObject after a re-send: the first create may have landed after all.
        duplicate ||= isDuplicate(error);
        if (!(ambiguous(error) || isDuplicate(error))) throw error;
      }
    }
    const started = performance.now();
    const verdict = await lookUp(invoke, input, since, options, passwords);
    const recovery: AttemptEvent["recovery"] = "user" in verdict ? "found" : "absent" in verdict ? "absent" : "unresolved";
    try {
      resolved.onAttempt?.({ method: "POST", url: `${resolved.baseUrl}/v2/users`, attempt: sent + 1, durationMs: Math.round(performance.now() - started), recovery });
    } catch {
      // A logging callback never changes the outcome.
    }
    if ("user" in verdict) return verdict.user;
    if ("absent" in verdict && !duplicate && sent < resends) continue;
    let found: CreateRecovery;
    // The users the lookups found pass through the create's own redactor before an error keeps them.
    const redactor = await kit.redactor();
    // Without the redactor's patterns a value is hidden whole: the users are then left out, not turned into a string.
    const users = "recovery" in verdict ? verdict.recovery.found : undefined;
    const kept = users ? redactor.value(users) : undefined;
    if ("recovery" in verdict) found = { ...verdict.recovery, ...(users ? { found: Array.isArray(kept) ? kept : [] } : {}) };
    // The server says the login is taken, yet the lookup cannot see it (a lagging replica?): nothing is known.
    else if (duplicate) found = { outcome: "lookup-failed", found: [], lookupError: "the server refused the login as taken, but Get User by Name does not show it" };
    else found = { outcome: "not-created", found: [] };
    (error as EcgridError).recovery = found;
    throw error;
  }
}
