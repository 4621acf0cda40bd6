import { describe, expect, it } from "vitest";
import { EcgridNetworkError, EcgridTimeoutError } from "../../src/index.js";
import { fakeFetch, hang, ok, testClient, TRANSPORT, user } from "../support/fake-fetch.js";

const client = (fetch: ReturnType<typeof fakeFetch>, timeoutMs = 100) => testClient(fetch, { timeoutMs, maxRetries: 0 });

/** A 200 whose body sends one byte and then never ends. */
const stalledBody = () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{"));
      },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );

describe("timeoutMs", () => {
  it("covers the wait for the headers", async () => {
    const started = Date.now();
    const error = await client(fakeFetch(hang)).users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridTimeoutError);
    expect(error).toMatchObject({ name: "EcgridTimeoutError", timeoutMs: 100, request: { method: "POST", url: expect.stringMatching(/\/v2\/users\/list$/) } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("covers the body read too", async () => {
    await expect(client(fakeFetch(stalledBody)).users.list()).rejects.toBeInstanceOf(EcgridTimeoutError);
  });

  it("holds even for a transport that ignores the abort signal", async () => {
    const deaf = fakeFetch(() => new Promise<Response>(() => {}));
    await expect(client(deaf).users.list()).rejects.toBeInstanceOf(EcgridTimeoutError);
  });

  it("can be set per call", async () => {
    const started = Date.now();
    await expect(client(fakeFetch(hang), 10_000).users.list({}, { timeoutMs: 50 })).rejects.toMatchObject({ timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("does not fire on an answer that arrives in time", async () => {
    const slow = fakeFetch(() => new Promise((r) => setTimeout(() => r(ok([user(1)])), 30)));
    expect(await client(slow, 500).users.list()).toHaveLength(1);
  });
});

describe("network errors", () => {
  it("are EcgridNetworkError with the transport's error as cause", async () => {
    const reset = new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
    const error = await client(fakeFetch(() => Promise.reject(reset))).users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect(error).toMatchObject({ name: "EcgridNetworkError", cause: expect.any(Error) });
    // An injected fetch's own error is the cause; over real HTTP it is Node's socket error.
    if (TRANSPORT === "fetch") expect(error).toMatchObject({ cause: reset, message: expect.stringMatching(/fetch failed: read ECONNRESET/) });
    else expect((error as Error).message).toMatch(/socket hang up|ECONNRESET/);
  });

  it("include a body that breaks off mid-way", async () => {
    const broken = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"success":true,'));
            controller.error(new Error("socket hang up"));
          },
        }),
        { status: 200 },
      );
    await expect(client(fakeFetch(broken)).users.list()).rejects.toBeInstanceOf(EcgridNetworkError);
  });
});

describe("the caller's signal", () => {
  it("rejects at once with the abort reason, not an EcgridError", async () => {
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const call = client(fakeFetch(() => new Promise<Response>(() => {})), 10_000).users.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    const started = Date.now();
    await expect(call).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("sends nothing when already aborted", async () => {
    const fetch = fakeFetch(() => ok([]));
    await expect(client(fetch).users.list({}, { signal: AbortSignal.abort("stop") })).rejects.toBe("stop");
    expect(fetch.requests).toHaveLength(0);
  });

  it("interrupts the wait between retries", async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(() => new Response(null, { status: 503, headers: { "retry-after": "30" } }));
    const call = testClient(fetch).users.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort("enough"), 50);
    const started = Date.now();
    await expect(call).rejects.toBe("enough");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fetch.requests).toHaveLength(1);
  });
});
