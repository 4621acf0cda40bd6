/**
 * When to retry: pure functions of their inputs, so every rule is testable without timers.
 */

/** The first backoff delay, before jitter. */
export const BACKOFF_BASE_MS = 500;
/** No backoff delay exceeds this. */
export const BACKOFF_CAP_MS = 8_000;
/** A `Retry-After` longer than this is not slept on: the caller gets the error and the wait. */
export const RETRY_AFTER_MAX_MS = 60_000;

/**
 * The delay before retry number `retry` (0 for the first): 0.5 s doubling each time, ±20% jitter
 * so that many clients refused together do not come back together, capped at 8 s.
 * @param random a number in [0, 1), `Math.random()` by default.
 */
export function backoffDelay(retry: number, random: number = Math.random()): number {
  const exponential = BACKOFF_BASE_MS * 2 ** retry;
  return Math.min(BACKOFF_CAP_MS, Math.round(exponential * (0.8 + 0.4 * random)));
}

/**
 * Reads a `Retry-After` header (RFC 9110): delay-seconds or an HTTP-date.
 * @returns the wait in milliseconds (0 for a date in the past), or `undefined` when the header
 *   is absent or unreadable, in which case the caller falls back to the backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only the date forms HTTP allows; Date.parse alone would also take "1" or "tomorrow-ish" strings.
  if (!/^[A-Za-z]{3},? /.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
