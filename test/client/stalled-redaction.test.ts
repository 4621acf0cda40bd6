import { afterEach, describe, expect, it, vi } from "vitest";
import { createEcgridClient, EcgridApiError } from "../../src/index.js";
import { createRedactor } from "../../src/redact.js";
import { fakeFetch, SECRET_KEY } from "../support/fake-fetch.js";

// The redactor's character patterns never arrive, as over a stalled network in a browser. The
// tests run in order and share the one pending import: the test runner would hand a second
// import of a module whose mock is still loading the real one.
vi.mock("../../src/redact-mixed.js", () => new Promise(() => {}));

afterEach(() => {
  vi.useRealTimers();
});

const answering = (status: number) =>
  fakeFetch(() => new Response(JSON.stringify({ success: false, errorCode: "InternalError", message: `bad key ${encodeURIComponent(encodeURIComponent(SECRET_KEY))}` }), { status, headers: { "content-type": "application/json" } }));

describe("the redactor's patterns never arriving", () => {
  it("the caller's abort ends the wait at once, and the call rejects with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error("the caller gave up");
    const started = performance.now();
    const pending = createEcgridClient({ apiKey: SECRET_KEY, baseUrl: "https://api.test", fetch: answering(502), maxRetries: 0 }).users.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 100);
    await expect(pending).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("an error waits for them 10 s, not forever, and is then built hiding whole every text that could hold a secret", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // Percent-encoded twice: only the character patterns would match it.
    const fetch = answering(502);
    let settled = false;
    // The injected fetch on either project: over real HTTP, fake timers would hold the sockets too.
    const pending = createEcgridClient({ apiKey: SECRET_KEY, baseUrl: "https://api.test", fetch, maxRetries: 0 })
      .users.list()
      .catch((e: unknown) => e)
      .finally(() => (settled = true));
    // Let the answer arrive and be read (real I/O turns), then let fake time run up to the limit.
    for (let i = 0; i < 20 && fetch.requests.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(9_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    for (let i = 0; i < 20 && !settled; i++) await new Promise((resolve) => setImmediate(resolve));
    const error = await pending;
    expect(error).toBeInstanceOf(EcgridApiError);
    expect((error as EcgridApiError).status).toBe(502);
    expect((error as EcgridApiError).body).toBe("[REDACTED]");
    // ECGrid's own error codes are a closed list, none of them a secret: the code survives.
    expect((error as EcgridApiError).errorCode).toBe("InternalError");
    expect((error as EcgridApiError).message).toBe("InternalError (HTTP 502): the body is hidden, as the redactor's patterns could not load");
    // Any redactor now hides whole a text long enough to hold a secret, and keeps a shorter one.
    const redactor = createRedactor([SECRET_KEY]);
    expect(redactor.text("a message long enough to hold a secret")).toBe("[REDACTED]");
    expect(redactor.text("short")).toBe("short");
  });

  it("once a wait has run out, later errors do not wait again", async () => {
    const started = performance.now();
    const error = await createEcgridClient({ apiKey: SECRET_KEY, baseUrl: "https://api.test", fetch: answering(403), maxRetries: 0 })
      .users.list()
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((error as EcgridApiError).errorCode).toBe("InternalError");
    expect((error as EcgridApiError).body).toBe("[REDACTED]");
  });
});
