import { afterEach, describe, expect, it, vi } from "vitest";
import { EcgridApiError, type AttemptEvent, type EcgridClientOptions } from "../../src/index.js";
import { fail, fakeFetch, ok, testClient, type FakeFetch } from "../support/fake-fetch.js";

// The schedule of retries, on fake timers. It does not depend on the transport, and fake
// timers do not drive real sockets, so this file runs on the injected fetch only.
afterEach(() => vi.useRealTimers());

const client = (fetch: FakeFetch, options: EcgridClientOptions = {}) => testClient(fetch, { timeoutMs: 200, ...options });

describe("timing", () => {
  const events = () => {
    const seen: AttemptEvent[] = [];
    return { seen, onAttempt: (e: AttemptEvent) => seen.push(e) };
  };

  it("backs off about 0.5 s, then 1 s, when no Retry-After comes", async () => {
    vi.useFakeTimers();
    const { seen, onAttempt } = events();
    const fetch = fakeFetch(() => fail(500, "InternalError", "oops"));
    const call = client(fetch, { onAttempt }).users.list().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(400);
    expect(fetch.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(fetch.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1200);
    expect(fetch.requests).toHaveLength(3);
    expect(await call).toBeInstanceOf(EcgridApiError);
    const waits = seen.map((e) => e.retryInMs);
    expect(waits[0]).toBeGreaterThanOrEqual(400);
    expect(waits[0]).toBeLessThanOrEqual(600);
    expect(waits[1]).toBeGreaterThanOrEqual(800);
    expect(waits[1]).toBeLessThanOrEqual(1200);
    expect(waits[2]).toBeUndefined();
  });

  it.each([
    ["seconds", "2"],
    ["an HTTP date", () => new Date(Date.now() + 2000).toUTCString()],
  ])("honours Retry-After in %s over the backoff", async (_, value) => {
    vi.useFakeTimers();
    // HTTP-dates have whole seconds: start on one so "now + 2 s" is exactly 2 s.
    vi.setSystemTime(Date.parse("2026-11-23T10:00:00.000Z"));
    const { seen, onAttempt } = events();
    const fetch = fakeFetch((_, __, call) => (call === 1 ? fail(429, "RateLimitExceeded", "wait", { "retry-after": typeof value === "string" ? value : value() }) : ok([])));
    const call = client(fetch, { onAttempt }).users.list();
    await vi.advanceTimersByTimeAsync(1500);
    expect(fetch.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(fetch.requests).toHaveLength(2);
    expect(await call).toEqual([]);
    expect(seen[0]?.retryInMs).toBeGreaterThan(1000);
  });

  it("falls back to the backoff when Retry-After is unreadable", async () => {
    vi.useFakeTimers();
    const { seen, onAttempt } = events();
    const fetch = fakeFetch((_, __, call) => (call === 1 ? fail(429, "RateLimitExceeded", "wait", { "retry-after": "soon" }) : ok([])));
    const call = client(fetch, { onAttempt }).users.list();
    await vi.advanceTimersByTimeAsync(600);
    expect(await call).toEqual([]);
    expect(seen[0]?.retryInMs).toBeGreaterThanOrEqual(400);
    expect(seen[0]?.retryInMs).toBeLessThanOrEqual(600);
  });
});
