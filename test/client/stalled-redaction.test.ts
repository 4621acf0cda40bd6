import { afterEach, describe, expect, it, vi } from "vitest";
import { createEcgridClient, EcgridApiError } from "../../src/index.js";
import { createRedactor } from "../../src/redact.js";
import { fakeFetch, SECRET_KEY } from "../support/fake-fetch.js";

// The redactor's character patterns never arrive, as over a stalled network in a browser. One
// test: the test runner hands a second import of a module whose mock is still loading the real one.
vi.mock("../../src/redact-mixed.js", () => new Promise(() => {}));

afterEach(() => {
  vi.useRealTimers();
});

describe("the redactor's patterns never arriving", () => {
  it("an error waits for them 10 s, not forever, and is then built hiding whole every text that could hold a secret", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // Percent-encoded twice: only the character patterns would match it.
    const echo = JSON.stringify({ success: false, errorCode: "InternalError", message: `bad key ${encodeURIComponent(encodeURIComponent(SECRET_KEY))}` });
    const fetch = fakeFetch(() => new Response(echo, { status: 502, headers: { "content-type": "application/json" } }));
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
    expect((error as EcgridApiError).message).not.toContain("9f8e7d6c5b4a");
    // Any redactor now hides whole a text long enough to hold a secret, and keeps a shorter one.
    const redactor = createRedactor([SECRET_KEY]);
    expect(redactor.text("a message long enough to hold a secret")).toBe("[REDACTED]");
    expect(redactor.text("short")).toBe("short");
  });
});
