import { EcgridNetworkError, EcgridTimeoutError, type RequestSummary } from "./errors.js";
import { backoffDelay, parseRetryAfter, RETRY_AFTER_MAX_MS } from "./retry-timing.js";
import { fetchTransport, type FetchLike, type Transport, type WireRequest, type WireResponse } from "./transport.js";

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
}

/** How one call is sent. */
export interface SendPolicy {
  /**
   * Whether the call changes nothing on the server. Only such calls are retried after 5xx,
   * timeouts and network errors; a create might already have happened, so it is retried on 429 alone.
   */
  idempotent: boolean;
  /** Limit per attempt, covering the headers and the body read. */
  timeoutMs: number;
  /** Attempts after the first. */
  maxRetries: number;
  /** The caller's signal: when it aborts, the call rejects at once with its reason. */
  signal?: AbortSignal | undefined;
  /** Told about every attempt. */
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
}

const RETRY_ALWAYS = new Set([429]);
const RETRY_IF_IDEMPOTENT = new Set([500, 502, 503, 504]);

/**
 * Sends a request by the client's rules. It never throws for an HTTP status: the last answer
 * is returned for the caller to read. It throws {@link EcgridTimeoutError} or
 * {@link EcgridNetworkError} when no answer came, and the caller's abort reason on abort.
 * Every retry sends the same request again.
 */
export async function send(transport: Transport, request: Omit<WireRequest, "signal">, policy: SendPolicy): Promise<WireResponse> {
  const summary: RequestSummary = { method: request.method, url: request.url };
  const { signal } = policy;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw signal.reason;
    const started = performance.now();
    const report = (event: Partial<AttemptEvent>) =>
      policy.onAttempt?.({ method: summary.method, url: summary.url, attempt: retry + 1, durationMs: Math.round(performance.now() - started), ...event });
    let response: WireResponse;
    try {
      response = await attempt(transport, request, policy, summary);
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

/** The wait before retrying this answer, or `undefined` when it is final. */
function retryDelay(response: WireResponse, retry: number, policy: SendPolicy): number | undefined {
  const retryable = RETRY_ALWAYS.has(response.status) || (policy.idempotent && RETRY_IF_IDEMPOTENT.has(response.status));
  if (!retryable || retry >= policy.maxRetries) return undefined;
  const asked = parseRetryAfter(response.headers.get("retry-after"));
  // Past a minute, sleeping would look like a hang: hand the wait to the caller instead.
  if (asked !== undefined && asked > RETRY_AFTER_MAX_MS) return undefined;
  return asked ?? backoffDelay(retry);
}

/** One attempt: the answer with its body fully read, within the time limit. */
async function attempt(transport: Transport, request: Omit<WireRequest, "signal">, policy: SendPolicy, summary: RequestSummary): Promise<WireResponse> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), policy.timeoutMs);
  const signal = policy.signal ? AbortSignal.any([policy.signal, timeout.signal]) : timeout.signal;
  try {
    // Transports that ignore the signal still lose the race, so an abort or a timeout is never late.
    return await raceAbort(transport({ ...request, signal }), signal);
  } catch (error) {
    if (policy.signal?.aborted) throw policy.signal.reason;
    if (timeout.signal.aborted) throw new EcgridTimeoutError(policy.timeoutMs, summary);
    throw new EcgridNetworkError(error, summary);
  } finally {
    clearTimeout(timer);
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

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A fetch that follows {@link send}'s rules, for openapi-fetch (the raw client), whose
 * middleware cannot re-send a request.
 */
export function retryingFetch(fetchImpl: FetchLike, policy: (request: Request) => SendPolicy): FetchLike {
  const transport = fetchTransport(fetchImpl);
  return async (request) => {
    const sent: Record<string, string> = {};
    request.headers.forEach((value, name) => (sent[name] = value));
    const body = request.body === null ? undefined : await request.text();
    const wire = await send(transport, { method: request.method, url: request.url, headers: sent, body }, policy(request));
    const received = new Headers();
    wire.headers.forEach((value, name) => received.append(name, value));
    return new Response(wire.body === "" || NULL_BODY.has(wire.status) ? null : wire.body, { status: wire.status, statusText: wire.statusText, headers: received });
  };
}
