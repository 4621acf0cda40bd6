import { EcgridApiError, EcgridNetworkError, EcgridTimeoutError } from "./errors.js";
import type { RequestOptions, ResolvedOptions } from "./options.js";
import { createRedactor, loadRedaction } from "./redact.js";
import type { CreateUserInput, User } from "./types.js";
import type { Invoke } from "./users.js";

/**
 * Whether a create's failure leaves its outcome unknown: no answer (a timeout, a dropped
 * connection), a 5xx, or a 2xx whose body could not be read.
 */
export function ambiguous(error: unknown): boolean {
  if (error instanceof EcgridTimeoutError || error instanceof EcgridNetworkError) return true;
  if (!(error instanceof EcgridApiError)) return false;
  return error.status >= 500 || (error.status >= 200 && error.status < 300 && error.errorCode === undefined);
}

/**
 * Create User, made safe to retry. ECGrid has no idempotency keys, so after an ambiguous failure
 * the client looks the login up: found as this create would have made it, the create happened and
 * the call resolves to that user; not found, it did not, and it is sent again (at most
 * `maxRetries` times, after which the error says it was not created); anything else throws the
 * create's error with what the lookup found (`error.recovery`). Each lookup is reported to
 * `onAttempt` with its `recovery`.
 *
 * The lookup and its verdicts (create-recovery.ts) load only after such a failure: a create that
 * succeeds, or fails plainly, never compiles them.
 */
export async function safeCreate(resolved: ResolvedOptions, invoke: Invoke, input: CreateUserInput, options: RequestOptions | undefined): Promise<User> {
  const since = Date.now();
  try {
    return (await invoke("createUser", { body: input }, options)) as User;
  } catch (error) {
    if (!resolved.safeCreate || !ambiguous(error)) throw error;
    // A chunk that cannot load (a browser gone offline) leaves the outcome as unknown as before.
    const { recoverCreate } = await import("./create-recovery.js").catch(() => Promise.reject(error));
    const kit = {
      ambiguous,
      isDuplicate: (e: unknown) => e instanceof EcgridApiError && e.errorCode === "DuplicateObject",
      redactor: async () => {
        await loadRedaction();
        return createRedactor([resolved.apiKey, ...(typeof input?.password === "string" ? [input.password] : [])]);
      },
    };
    return recoverCreate(kit, resolved, invoke, input, options, error, since);
  }
}
