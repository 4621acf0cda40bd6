import { loadChunk } from "./chunk-load.js";
import type { RecoverCreate, RecoveryKit } from "./create-recovery.js";
import { EcgridApiError, EcgridNetworkError, EcgridTimeoutError, isEcgridError, type EcgridError } from "./errors.js";
import { checkRetries, type RequestOptions, type ResolvedOptions } from "./options.js";
import { createRedactor, loadRedaction } from "./redact.js";
import type { CreateUserInput, User } from "./types.js";
import type { Invoke } from "./users.js";

/**
 * Whether a create's failure leaves its outcome unknown: no answer (a timeout, a dropped
 * connection), a 5xx, or a 2xx whose body could not be read.
 */
function ambiguous(error: unknown): boolean {
  if (error instanceof EcgridTimeoutError || error instanceof EcgridNetworkError) return true;
  if (!(error instanceof EcgridApiError)) return false;
  return error.status >= 500 || (error.status >= 200 && error.status < 300 && error.errorCode === undefined);
}

/** Whether `reason` is the abort reason of the call's signal. */
function abortedWith(options: RequestOptions | undefined, reason: unknown): boolean {
  try {
    return options?.signal?.aborted === true && options.signal.reason === reason;
  } catch {
    return false;
  }
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
  // Read once, before anything is sent: what the caller's objects say later (a password wiped
  // from the input once the call began) cannot unhide it, or change how often the create is re-sent.
  const resends = checkRetries("maxRetries", options?.maxRetries ?? resolved.maxRetries);
  // One copy, read once: what is checked, sent, re-sent and redacted is the same password, whatever
  // a getter on the caller's object would answer later.
  const body = typeof input === "object" && input !== null && !Array.isArray(input) ? { ...input } : input;
  const passwords = typeof body?.password === "string" ? [body.password] : [];
  try {
    return (await invoke("createUser", { body }, options)) as User;
  } catch (error) {
    if (!resolved.safeCreate || !ambiguous(error)) throw error;
    let recoverCreate: RecoverCreate;
    try {
      recoverCreate = await loadChunk(() => import("./create-recovery.js"), "recoverCreate", "The create's recovery", { signal: options?.signal, timeoutMs: resolved.timeoutMs });
    } catch (loadError) {
      if (!isEcgridError(loadError) || abortedWith(options, loadError)) throw loadError;
      // No lookup could be made (a browser that cannot fetch the chunk): nothing is known.
      (error as EcgridError).recovery = { outcome: "lookup-failed", found: [], lookupError: loadError };
      throw error;
    }
    const kit: RecoveryKit = {
      ambiguous,
      isDuplicate: (e: unknown) => e instanceof EcgridApiError && e.errorCode === "DuplicateObject",
      passwords,
      redactor: async () => {
        await loadRedaction(options?.signal);
        return createRedactor([resolved.apiKey, ...passwords]);
      },
    };
    return recoverCreate(kit, resolved, invoke, { input: body, options, error, since, resends });
  }
}
