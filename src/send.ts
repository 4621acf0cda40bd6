import { refusedAnswerError, type AnswerContext } from "./envelope.js";
import { EcgridError, EcgridNetworkError, EcgridTimeoutError } from "./errors.js";
import { backoffDelay, parseRetryAfter, RETRY_AFTER_MAX_MS } from "./retry-timing.js";
import { loadRedaction } from "./redact.js";
import { RefusedAnswer, type Transport, type WireRequest, type WireResponse } from "./transport.js";

/** What happened in one attempt, reported to `onAttempt`. Holds no header or body. */
export interface AttemptEvent {
  method: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** The error's name, when none came (`EcgridTimeoutError`, `EcgridNetworkError`). */
  error?: string;
  /** Time from sending to the end of the body (or the failure). */
  durationMs: number;
  /** The wait before the next attempt, when there will be one. */
  retryInMs?: number;
  /**
   * Set on the event of a safe create's lookup, after the create failed ambiguously: `found` (it
   * had happened: the call resolves to that user), `absent` (it had not: it is sent again while
   * retries remain), or `unresolved` (the lookup failed or found another user: the create's error
   * is thrown, with `recovery` saying what was found).
   */
  recovery?: "found" | "absent" | "unresolved";
}

/** How one call is sent. */
export interface SendPolicy {
  /**
   * Whether the call may be sent again after a 5xx, a timeout or a network error, because
   * sending it twice does no harm. Every call is retried after a 429.
   */
  idempotent: boolean;
  /** Limit per attempt, covering the headers and the body read. */
  timeoutMs: number;
  /** Attempts after the first. */
  maxRetries: number;
  /** The most bytes of body an answer may have. */
  maxResponseBytes: number;
  /** The caller's signal: when it aborts, the call rejects at once with its reason. */
  signal?: AbortSignal | undefined;
  /** Told about every attempt. What it throws is ignored: it never changes the call's outcome. */
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
  /** The only origin the request may go to (the base URL's), since it carries the key. */
  origin: string;
  /** What errors about this call may say. */
  context: AnswerContext;
}

const RETRY_ALWAYS = new Set([429]);
const RETRY_IF_IDEMPOTENT = new Set([500, 502, 503, 504]);

/**
 * Sends a request by the client's rules: the one way out for every call, `users.*` and `raw`
 * alike. It never throws for an HTTP status: the last answer is returned for the caller to read.
 * It throws {@link EcgridTimeoutError} or {@link EcgridNetworkError} when no answer came, an
 * `EcgridApiError` for an answer too large to read, and the caller's abort reason on abort.
 * Every retry sends the same request again.
 */
export async function send(transport: Transport, request: Omit<WireRequest, "signal" | "maxResponseBytes" | "idempotent">, policy: SendPolicy): Promise<WireResponse> {
  const { signal, context } = policy;
  if (originOf(request.url) !== policy.origin) {
    await loadRedaction(signal);
    throw new EcgridError(`Refused to send ${request.method} ${context.redactor.text(request.url)}: the API key goes only to ${policy.origin}, the base URL's origin.`);
  }
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw signal.reason;
    const started = performance.now();
    const report = (event: Partial<AttemptEvent>) => {
      try {
        policy.onAttempt?.({ method: request.method, url: context.request.url, attempt: retry + 1, durationMs: Math.round(performance.now() - started), ...event });
      } catch {
        // A logging callback must not turn an answered call into a failed one, or the reverse.
      }
    };
    let response: WireResponse;
    try {
      response = await attempt(transport, request, policy);
    } catch (error) {
      const transient = error instanceof EcgridTimeoutError || error instanceof EcgridNetworkError;
      if (!transient) throw error;
      const delay = policy.idempotent && retry < policy.maxRetries ? backoffDelay(retry) : undefined;
      report({ error: error.name, ...(delay === undefined ? {} : { retryInMs: delay }) });
      if (delay === undefined) throw error;
      await sleep(delay, signal);
      continue;
    }
    const delay = retryDelay(response, retry, policy);
    report({ status: response.status, ...(delay === undefined ? {} : { retryInMs: delay }) });
    if (delay === undefined) return response;
    await sleep(delay, signal);
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The wait before retrying this answer, or `undefined` when it is final. */
function retryDelay(response: WireResponse, retry: number, policy: SendPolicy): number | undefined {
  const retryable = RETRY_ALWAYS.has(response.status) || (policy.idempotent && RETRY_IF_IDEMPOTENT.has(response.status));
  if (!retryable || retry >= policy.maxRetries) return undefined;
  const asked = parseRetryAfter(response.headers.get("retry-after"));
  // Past a minute, sleeping would look like a hang: hand the wait to the caller instead.
  if (asked !== undefined && asked > RETRY_AFTER_MAX_MS) return undefined;
  return asked ?? backoffDelay(retry);
}

/** Why the attempt's own signal aborted when its time ran out. */
class AttemptTimedOut extends Error {}

/**
 * One attempt: the answer with its body fully read, within the time limit. The attempt has its
 * own signal, which the transport closes the connection on, joined to the caller's by a listener
 * removed afterwards (AbortSignal.any would leave a record on a long-lived caller's signal per call).
 */
async function attempt(transport: Transport, request: Omit<WireRequest, "signal" | "maxResponseBytes" | "idempotent">, policy: SendPolicy): Promise<WireResponse> {
  const { signal: caller, context } = policy;
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener("abort", onCallerAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new AttemptTimedOut()), policy.timeoutMs);
  try {
    // Transports that ignore the signal still lose the race, so an abort or a timeout is never late.
    return await raceAbort(transport({ ...request, signal: controller.signal, maxResponseBytes: policy.maxResponseBytes, idempotent: policy.idempotent }), controller.signal);
  } catch (error) {
    if (caller?.aborted) throw caller.reason;
    if (controller.signal.reason instanceof AttemptTimedOut) throw new EcgridTimeoutError(policy.timeoutMs, context.request);
    await loadRedaction(caller);
    if (error instanceof RefusedAnswer) throw refusedAnswerError(error, context);
    throw new EcgridNetworkError(context.redactor.cause(error), context.request);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCallerAbort);
  }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // The loser of the race may still reject later; that must not become an unhandled rejection.
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
