/** A fixed-window rate limit per credential, on the fake's clock. */
import { errorAnswer, type Answer } from "./answers.js";
import type { RateLimit } from "./types.js";

/** Counts requests per credential in fixed windows of `perMs`, and answers 429 past `requests`. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly requests: number;
  private readonly perMs: number;

  constructor(limit: RateLimit) {
    this.requests = limit.requests;
    this.perMs = limit.perMs ?? 1000;
    if (!Number.isInteger(this.requests) || this.requests < 1) throw new TypeError(`createFakeEcgrid: rateLimit.requests must be a whole number, 1 or more, not ${String(limit.requests)}.`);
    if (!Number.isFinite(this.perMs) || this.perMs <= 0) throw new TypeError(`createFakeEcgrid: rateLimit.perMs must be a positive number of milliseconds, not ${String(limit.perMs)}.`);
  }

  /** Counts a request of `credential` at `now`: undefined when it may go on, else the 429 to answer. */
  check(credential: string, now: number): Answer | undefined {
    let window = this.windows.get(credential);
    if (window === undefined || now - window.start >= this.perMs || now < window.start) {
      window = { start: now, count: 0 };
      this.windows.set(credential, window);
    }
    if (++window.count <= this.requests) return undefined;
    // Whole seconds, rounded up: a client that waits that long finds a new window.
    const seconds = Math.max(1, Math.ceil((window.start + this.perMs - now) / 1000));
    return errorAnswer(429, "RateLimitExceeded", `Rate limit exceeded: ${this.requests} requests per ${this.perMs} ms. Retry after ${seconds} seconds.`, { "retry-after": String(seconds) });
  }

  clear(): void {
    this.windows.clear();
  }
}
