import { afterEach, describe, expect, it, vi } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridNetworkError, EcgridTimeoutError, type AttemptEvent, type EcgridClientOptions } from "../../src/index.js";
import { fail, fakeFetch, hang, ok, SECRET_KEY, user, validCreate, type FakeFetch } from "../support/fake-fetch.js";

afterEach(() => vi.useRealTimers());

const client = (fetch: FakeFetch, options: EcgridClientOptions = {}) => createEcgridClient({ apiKey: SECRET_KEY, baseUrl: "https://api.test", fetch, timeoutMs: 200, ...options });
/** Retry-After: 0 keeps these tests fast; the backoff itself is tested with fake timers below. */
const now = { "retry-after": "0" };

type Failure = { name: string; answer: (request: Request) => Response | Promise<Response>; error: new (...args: never[]) => Error };
const failures: Failure[] = [
  { name: "429", answer: () => fail(429, "RateLimitExceeded", "slow down", now), error: EcgridApiError },
  ...[500, 502, 503, 504].map((status) => ({ name: String(status), answer: () => fail(status, "InternalError", "oops", now), error: EcgridApiError })),
  { name: "a timeout", answer: hang, error: EcgridTimeoutError },
  { name: "a network error", answer: () => Promise.reject(new TypeError("fetch failed", { cause: new Error("ECONNRESET") })), error: EcgridNetworkError },
];

describe("list changes nothing, so it is retried", () => {
  it.each(failures)("after $name, until it succeeds", async ({ answer }) => {
    const fetch = fakeFetch((request, _, call) => (call < 3 ? answer(request) : ok([user(1)])));
    expect(await client(fetch).users.list()).toHaveLength(1);
    expect(fetch.requests).toHaveLength(3);
  });

  it.each(failures)("after $name, at most maxRetries times", async ({ answer, error }) => {
    const fetch = fakeFetch((request) => answer(request));
    await expect(client(fetch, { maxRetries: 1 }).users.list()).rejects.toBeInstanceOf(error);
    expect(fetch.requests).toHaveLength(2);
  });
});

describe("create is retried only after a 429", () => {
  it("after a 429 it is re-sent, with the same body", async () => {
    const fetch = fakeFetch((_, __, call) => (call === 1 ? fail(429, "RateLimitExceeded", "slow down", now) : ok(user(5))));
    expect(await client(fetch).users.create(validCreate)).toMatchObject({ userId: 5 });
    expect(fetch.requests.map((r) => r.body)).toStrictEqual([validCreate, validCreate]);
  });

  it.each(failures.filter((f) => f.name !== "429"))("after $name it is never re-sent: it might have created the user", async ({ answer, error }) => {
    const fetch = fakeFetch((request, _, call) => (call === 1 ? answer(request) : ok(user(5))));
    await expect(client(fetch).users.create(validCreate)).rejects.toBeInstanceOf(error);
    expect(fetch.requests).toHaveLength(1);
  });
});

describe("never retried", () => {
  it.each([
    [400, "InvalidParameter"],
    [401, "InvalidAPIKey"],
    [403, "AccessDenied"],
    [404, "ObjectNotFound"],
  ])("%s %s, for list or create", async (status, errorCode) => {
    const fetch = fakeFetch(() => fail(status, errorCode, "no", now));
    await expect(client(fetch).users.list()).rejects.toMatchObject({ status, errorCode });
    await expect(client(fetch).users.create(validCreate)).rejects.toMatchObject({ status, errorCode });
    expect(fetch.requests).toHaveLength(2);
  });
});

describe("maxRetries", () => {
  it("defaults to 2 (3 attempts)", async () => {
    const fetch = fakeFetch(() => fail(503, "InternalError", "busy", now));
    await expect(client(fetch).users.list()).rejects.toMatchObject({ status: 503 });
    expect(fetch.requests).toHaveLength(3);
  });

  it("can be set per call, 0 included", async () => {
    const fetch = fakeFetch(() => fail(503, "InternalError", "busy", now));
    await expect(client(fetch).users.list({}, { maxRetries: 0 })).rejects.toMatchObject({ status: 503 });
    expect(fetch.requests).toHaveLength(1);
    await expect(client(fetch, { maxRetries: 0 }).users.list({}, { maxRetries: 4 })).rejects.toMatchObject({ status: 503 });
    expect(fetch.requests).toHaveLength(6);
  });
});

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

  it("does not sleep on a Retry-After over 60 s: it throws at once with retryAfterMs", async () => {
    const fetch = fakeFetch(() => fail(429, "RateLimitExceeded", "come back later", { "retry-after": "61" }));
    const started = Date.now();
    await expect(client(fetch).users.list()).rejects.toMatchObject({ status: 429, retryAfterMs: 61_000 });
    expect(fetch.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
