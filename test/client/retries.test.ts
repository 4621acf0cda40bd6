import { describe, expect, it } from "vitest";
import { EcgridApiError, EcgridNetworkError, EcgridTimeoutError, type EcgridClientOptions } from "../../src/index.js";
import { fail, fakeFetch, hang, ok, testClient, user, validCreate, type FakeFetch } from "../support/fake-fetch.js";

const client = (fetch: FakeFetch, options: EcgridClientOptions = {}) => testClient(fetch, { timeoutMs: 200, ...options });
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

  it.each(failures.filter((f) => f.name !== "429"))("after $name it is never re-sent as it is: it might have created the user (safeCreate: false)", async ({ answer, error }) => {
    const fetch = fakeFetch((request, _, call) => (call === 1 ? answer(request) : ok(user(5))));
    await expect(client(fetch, { safeCreate: false }).users.create(validCreate)).rejects.toBeInstanceOf(error);
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
  it("does not sleep on a Retry-After over 60 s: it throws at once with retryAfterMs", async () => {
    const fetch = fakeFetch(() => fail(429, "RateLimitExceeded", "come back later", { "retry-after": "61" }));
    const started = Date.now();
    await expect(client(fetch).users.list()).rejects.toMatchObject({ status: 429, retryAfterMs: 61_000 });
    expect(fetch.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
