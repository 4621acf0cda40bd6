import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridError, EcgridNetworkError, EcgridTimeoutError, EcgridValidationError } from "../../src/index.js";
import { fail, fakeFetch, hang, json, ok, SECRET_KEY, SECRET_PASSWORD, testClient, user, validCreate, type FakeFetch } from "../support/fake-fetch.js";

/** Every way an error can be looked at: none may show the key or the password. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: String(e.stack),
    string: String(e),
    json: JSON.stringify(e),
    inspect: inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    cause: inspect(e.cause, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  };
}

function expectNoSecrets(error: unknown, ...secrets: string[]) {
  for (const [view, text] of Object.entries(renderings(error))) {
    for (const secret of secrets) expect(text, `${view} shows a secret`).not.toContain(secret);
  }
}

// A generous limit: a loaded machine must not turn an answer into a timeout. The timeout test sets its own.
const client = (fetch: FakeFetch, options: { validateRequests?: boolean; timeoutMs?: number } = {}) => testClient(fetch, { timeoutMs: 5_000, maxRetries: 0, ...options });
const caught = (call: Promise<unknown>) => call.then(() => expect.unreachable("the call should fail"), (e: unknown) => e);

describe("no error shows the API key or the password", () => {
  it("EcgridApiError, even when the server echoes both in its message, body and headers", async () => {
    const fetch = fakeFetch(() =>
      fail(400, "InvalidParameter", `password ${SECRET_PASSWORD} rejected for key ${SECRET_KEY}`, { "x-echo": SECRET_KEY, "set-cookie": `session=${SECRET_KEY}` }),
    );
    const error = await caught(client(fetch).users.create(validCreate));
    expect(error).toBeInstanceOf(EcgridApiError);
    expect((error as EcgridApiError).message).toBe("InvalidParameter (HTTP 400): password [REDACTED] rejected for key [REDACTED]");
    expect((error as EcgridApiError).headers).toMatchObject({ "x-echo": "[REDACTED]", "set-cookie": "[REDACTED]" });
    expectNoSecrets(error, SECRET_KEY, SECRET_PASSWORD);
  });

  it("EcgridApiError for a non-JSON body that echoes them", async () => {
    const error = await caught(client(fakeFetch(() => new Response(`<p>${SECRET_KEY}</p>`, { status: 502 }))).users.list());
    expect(error).toBeInstanceOf(EcgridApiError);
    expectNoSecrets(error, SECRET_KEY);
  });

  it("EcgridApiError for a success with the wrong shape", async () => {
    const error = await caught(client(fakeFetch(() => json({ success: true, data: { echo: SECRET_PASSWORD } }))).users.list());
    expect(error).toBeInstanceOf(EcgridApiError);
    expectNoSecrets(error, SECRET_KEY);
  });

  it("EcgridValidationError for a weak password", async () => {
    const weak = "weak-but-SECRET-value";
    const error = await caught(client(fakeFetch(() => ok(user(1)))).users.create({ ...validCreate, password: weak }));
    expect(error).toBeInstanceOf(EcgridValidationError);
    expectNoSecrets(error, SECRET_KEY, weak);
  });

  it("EcgridTimeoutError", async () => {
    const error = await caught(client(fakeFetch(hang), { timeoutMs: 50 }).users.create(validCreate));
    expect(error).toBeInstanceOf(EcgridTimeoutError);
    expectNoSecrets(error, SECRET_KEY, SECRET_PASSWORD);
  });

  it("EcgridNetworkError and its cause", async () => {
    const error = await caught(client(fakeFetch(() => Promise.reject(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") })))).users.create(validCreate));
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expectNoSecrets(error, SECRET_KEY, SECRET_PASSWORD);
  });

  it("EcgridError for a body JSON cannot encode", async () => {
    const error = await caught(client(fakeFetch(() => ok(user(1))), { validateRequests: false }).users.create({ ...validCreate, networkId: 1n as unknown as number }));
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toMatch(/Could not send POST \/v2\/users/);
    expectNoSecrets(error, SECRET_KEY, SECRET_PASSWORD);
  });

  it("EcgridError at construction, for a key with a line break", () => {
    let error: unknown;
    try {
      createEcgridClient({ apiKey: `${SECRET_KEY}\r\nX-Injected: 1` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EcgridError);
    expectNoSecrets(error, SECRET_KEY);
  });

  it("nor does the client object itself", () => {
    const ecgrid = createEcgridClient({ apiKey: SECRET_KEY });
    expect(inspect(ecgrid, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(SECRET_KEY);
    expect(JSON.stringify(ecgrid)).not.toContain(SECRET_KEY);
  });

  it("nor the events given to onAttempt, the safe create's lookups included", async () => {
    const events: unknown[] = [];
    const fetch = fakeFetch(() => fail(500, "InternalError", SECRET_KEY));
    await caught(testClient(fetch, { maxRetries: 0, onAttempt: (e) => events.push(e) }).users.create(validCreate));
    // The create, the two lookups that followed its 500 (by login, and the caller's network), and the verdict.
    expect(events).toHaveLength(4);
    expect(inspect(events, { depth: Number.POSITIVE_INFINITY })).not.toMatch(new RegExp(`${SECRET_KEY}|${SECRET_PASSWORD}`));
  });
});

describe("hostile error bodies", () => {
  it("a body nested 100,000 deep gives an EcgridApiError, its deep part replaced", async () => {
    const depth = 100_000;
    const deep = `{"success": false, "errorCode": "Deep", "message": "m", "data": ${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const error = await caught(client(fakeFetch(() => new Response(deep, { status: 500 }))).users.create(validCreate));
    expect(error).toBeInstanceOf(EcgridApiError);
    const body = (error as EcgridApiError).body as { data: unknown };
    let levels = 0;
    for (let v: unknown = body.data; Array.isArray(v); v = v[0]) levels++;
    expect(levels).toBeLessThan(70);
    expect(JSON.stringify(body)).toContain("[nested too deeply]");
  });
});
