import { EcgridApiError, EcgridNetworkError, EcgridTimeoutError, type CreateRecovery, type EcgridError } from "./errors.js";
import type { RequestOptions, ResolvedOptions } from "./options.js";
import type { AttemptEvent } from "./send.js";
import type { CreateUserInput, User } from "./types.js";
import type { Invoke } from "./users.js";

/**
 * Whether a create's failure leaves its outcome unknown: no answer (a timeout, a dropped
 * connection), a 5xx, or a 2xx whose body could not be read. A DuplicateObject after the create
 * was sent again is one too: the first may have landed late.
 */
function ambiguous(error: unknown, resent: boolean): boolean {
  if (error instanceof EcgridTimeoutError || error instanceof EcgridNetworkError) return true;
  if (!(error instanceof EcgridApiError)) return false;
  return error.status >= 500 || (error.status >= 200 && error.status < 300 && error.errorCode === undefined) || (resent && error.errorCode === "DuplicateObject");
}

type Verdict = { user: User } | { absent: true } | { recovery: CreateRecovery };

const same = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * Looks the login up in the create's target network (the caller's own when `networkId` was not
 * given). Found with the email asked for: the create happened. Not found: it did not.
 */
async function lookUp(invoke: Invoke, input: CreateUserInput, options: RequestOptions | undefined): Promise<Verdict> {
  try {
    // Both settle before the verdict, so no lookup is still running once the call has returned.
    const settled = await Promise.allSettled([
      invoke("getUserByName", { body: { login: input.login } }, options) as Promise<User[]>,
      input.networkId ?? (invoke("getMe", {}, options) as Promise<User>).then((me) => me.networkId),
    ]);
    const [found, network] = settled.map((s) => {
      if (s.status === "rejected") throw s.reason;
      return s.value;
    }) as [User[], number];
    const inNetwork = found.filter((user) => same(user.login, input.login) && user.networkId === network);
    if (inNetwork.length === 0) return { absent: true };
    const [user] = inNetwork;
    if (inNetwork.length === 1 && user && same(user.email, input.email)) return { user };
    return { recovery: { outcome: "different-user", found: inNetwork } };
  } catch (lookupError) {
    if (options?.signal?.aborted) throw options.signal.reason;
    return { recovery: { outcome: "lookup-failed", lookupError } };
  }
}

/**
 * Create User, made safe to retry. ECGrid has no idempotency keys, so after an ambiguous failure
 * the client looks the login up: found with the email asked for, the create happened and the
 * call resolves to that user; not found, it did not, and it is sent again (at most `maxRetries`
 * times, after which the error says it was not created); anything else throws the create's
 * error with what the lookup found (`error.recovery`).
 * Each lookup is reported to `onAttempt` with its `recovery`.
 */
export async function safeCreate(resolved: ResolvedOptions, invoke: Invoke, input: CreateUserInput, options: RequestOptions | undefined): Promise<User> {
  const resends = options?.maxRetries ?? resolved.maxRetries;
  for (let sent = 0; ; sent++) {
    try {
      return (await invoke("createUser", { body: input }, options)) as User;
    } catch (error) {
      if (!resolved.safeCreate || !ambiguous(error, sent > 0)) throw error;
      const started = performance.now();
      const verdict = await lookUp(invoke, input, options);
      const recovery: AttemptEvent["recovery"] = "user" in verdict ? "found" : "absent" in verdict ? "absent" : "unresolved";
      try {
        resolved.onAttempt?.({ method: "POST", url: `${resolved.baseUrl}/v2/users`, attempt: sent + 1, durationMs: Math.round(performance.now() - started), recovery });
      } catch {
        // A logging callback never changes the outcome.
      }
      if ("user" in verdict) return verdict.user;
      if ("absent" in verdict && sent < resends) continue;
      (error as EcgridError).recovery = "recovery" in verdict ? verdict.recovery : { outcome: "not-created", found: [] };
      throw error;
    }
  }
}
