import { afterEach, describe, expect, it } from "vitest";
import type { OperationId } from "../../generated/operations.js";
import { createEcgridClient, EcgridApiError, EcgridNetworkError, EcgridTimeoutError } from "../../src/index.js";
import { createFakeEcgrid, type FakeServer, type Fault } from "../../src/testing/index.js";
import { DOCUMENTED_ERRORS } from "../support/spec.js";
import { checkedFake, expectConforming, FAKE_TEST_KEY, send, type Checked } from "./spec-check.js";

const create = { login: "bkhan", password: "Passw0rd!", email: "bkhan@example.com" };

let current: Checked | undefined;
const servers: FakeServer[] = [];
function setup(...args: Parameters<typeof checkedFake>): Checked {
  current = checkedFake(...args);
  return current;
}
afterEach(async () => {
  if (current) expectConforming(current);
  current = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const failure = (call: Promise<unknown>) => call.then(() => expect.fail("the call succeeded"), (e: unknown) => e);

describe("failNext with a status", () => {
  it.each(DOCUMENTED_ERRORS)("%s answers the error envelope with %s, before anything is applied", async (status, errorCode) => {
    const { ecgrid, fake } = setup();
    fake.failNext("createUser", { status });
    const error = await failure(ecgrid.users.create(create));
    expect(error).toBeInstanceOf(EcgridApiError);
    expect(error).toMatchObject({ status, errorCode });
    expect(fake.users).toEqual([]);
    // Served once: the next create goes through.
    expect(await ecgrid.users.create(create)).toMatchObject({ login: "bkhan" });
  });

  it("comes before authentication, and takes an errorCode, a message and a Retry-After", async () => {
    const checked = setup();
    checked.fake.failNext("listUsers", { status: 401, errorCode: "InvalidSession", message: "Session expired." });
    checked.fake.failNext("listUsers", { status: 503, retryAfter: 7 });
    const response = await checked.fetch("/v2/users/list", { method: "POST", headers: { authorization: "Bearer x" }, body: "{}" });
    expect(await response.json()).toStrictEqual({ success: false, errorCode: "InvalidSession", message: "Session expired.", data: null });
    const unavailable = await checked.fetch("/v2/users/list", { method: "POST", body: "{}" });
    expect([unavailable.status, unavailable.headers.get("retry-after")]).toEqual([503, "7"]);
  });

  it("queues per operation, `times` at a time, in order, leaving other operations alone", async () => {
    const checked = setup();
    checked.fake.failNext("listUsers", { status: 503 }, 2);
    checked.fake.failNext("listUsers", { status: 500 });
    const statuses = [];
    statuses.push((await send(checked, "POST", "/v2/users", create)).status);
    for (let i = 0; i < 4; i++) statuses.push((await send(checked, "POST", "/v2/users/list", {})).status);
    expect(statuses).toEqual([200, 503, 503, 500, 200]);
    expect(checked.fake.requests.map((r) => r.fault)).toEqual([undefined, { status: 503 }, { status: 503 }, { status: 500 }, undefined]);
  });

  it("a 429 with retryAfter is retried by the client after that wait, and the create is applied once", async () => {
    const { ecgrid, fake } = setup({}, { maxRetries: 1 });
    fake.failNext("createUser", { status: 429, retryAfter: 1 });
    const started = performance.now();
    expect(await ecgrid.users.create(create)).toMatchObject({ login: "bkhan" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.users).toHaveLength(1);
  });

  it.each([
    ["an operation the spec does not have", "deleteEverything" as OperationId, { status: 500 } as Fault, 1, /not an operationId of the spec/],
    ["a status that is no error", "listUsers" as OperationId, { status: 200 } as Fault, 1, /status must be an error status from 400 to 599/],
    ["a fault that is none", "listUsers" as OperationId, "explode" as Fault, 1, /a fault is \{ status \}, "reset", "reset-after-apply" or "stall"/],
    ["a retryAfter that is not whole seconds", "listUsers" as OperationId, { status: 429, retryAfter: 1.5 } as Fault, 1, /retryAfter is a whole number of seconds/],
    ["times of 0", "listUsers" as OperationId, { status: 500 } as Fault, 0, /times must be a whole number, 1 or more/],
  ])("refuses %s with a TypeError", (_, operationId, fault, times, message) => {
    const fake = createFakeEcgrid();
    expect(() => fake.failNext(operationId, fault, times)).toThrow(TypeError);
    expect(() => fake.failNext(operationId, fault, times)).toThrow(message);
  });
});

describe("dropped connections, in-process", () => {
  it("reset: fetch rejects with a TypeError as on a dropped connection, and nothing is applied", async () => {
    const fake = createFakeEcgrid();
    fake.failNext("createUser", "reset");
    const error = await failure(fake.fetch("http://localhost/v2/users", { method: "POST", headers: { "x-api-key": "k" }, body: JSON.stringify(create) }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed", cause: { code: "UND_ERR_SOCKET" } });
    expect(fake.users).toEqual([]);
    expect(fake.requests).toMatchObject([{ operationId: "createUser", status: undefined, fault: "reset" }]);
  });

  it("reset-after-apply: the user is created, then fetch rejects as on a dropped connection; a blind re-send meets DuplicateObject", async () => {
    const fake = createFakeEcgrid();
    fake.failNext("createUser", "reset-after-apply");
    const send = () => fake.fetch("http://localhost/v2/users", { method: "POST", headers: { "x-api-key": "k" }, body: JSON.stringify(create) });
    expect(await failure(send())).toMatchObject({ name: "TypeError", message: "fetch failed" });
    expect(fake.users).toMatchObject([{ login: "bkhan", status: "Active" }]);
    // The log keeps the answer the drop swallowed.
    expect(fake.requests).toMatchObject([{ operationId: "createUser", status: 200, fault: "reset-after-apply" }]);
    expect(await (await send()).json()).toMatchObject({ errorCode: "DuplicateObject" });
    expect(fake.users).toHaveLength(1);
  });

  it("reset-after-apply: a client without its safe create throws a network error, and the user exists", async () => {
    const { ecgrid, fake } = setup({}, { maxRetries: 2, safeCreate: false });
    fake.failNext("createUser", "reset-after-apply");
    expect(await failure(ecgrid.users.create(create))).toBeInstanceOf(EcgridNetworkError);
    expect(fake.users).toMatchObject([{ login: "bkhan" }]);
    expect(fake.requests).toHaveLength(1);
    expect(await ecgrid.users.getByLogin("bkhan")).toMatchObject([{ login: "bkhan" }]);
  });

  it("a list that meets a reset is retried by the client and succeeds", async () => {
    const { ecgrid, fake } = setup({ users: [{ login: "a" }] }, { maxRetries: 1 });
    fake.failNext("listUsers", "reset");
    expect(await ecgrid.users.list()).toHaveLength(1);
    expect(fake.requests.map((r) => r.fault)).toEqual(["reset", undefined]);
  });

  it("stall: no answer until the client's timeout, and nothing applied", async () => {
    const { ecgrid, fake } = setup({}, { timeoutMs: 200 });
    fake.failNext("createUser", "stall");
    const started = performance.now();
    expect(await failure(ecgrid.users.create(create))).toBeInstanceOf(EcgridTimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(fake.users).toEqual([]);
  });

  it("stall: an abort ends it with the signal's reason, as fetch does", async () => {
    const fake = createFakeEcgrid();
    fake.failNext("getMe", "stall");
    const controller = new AbortController();
    const pending = fake.fetch("http://localhost/v2/users/me", { headers: { "x-api-key": "k" }, signal: controller.signal });
    const reason = new Error("stop");
    setTimeout(() => controller.abort(reason), 20);
    expect(await failure(pending)).toBe(reason);
    // An already aborted request never reaches the fake.
    expect(await failure(fake.fetch("http://localhost/v2/users/me", { signal: controller.signal }))).toBe(reason);
    expect(fake.requests).toHaveLength(1);
  });
});

describe("dropped connections, over HTTP", () => {
  async function served(fake = createFakeEcgrid()) {
    const server = await fake.listen();
    servers.push(server);
    // Without its safe create, the client shows the drop as it is.
    const ecgrid = createEcgridClient({ apiKey: FAKE_TEST_KEY, baseUrl: server.url, maxRetries: 0, timeoutMs: 300, safeCreate: false });
    return { fake, server, ecgrid };
  }

  it("reset destroys the socket before applying; reset-after-apply after applying", async () => {
    const { fake, ecgrid } = await served();
    fake.failNext("createUser", "reset");
    expect(await failure(ecgrid.users.create(create))).toBeInstanceOf(EcgridNetworkError);
    expect(fake.users).toEqual([]);
    fake.failNext("createUser", "reset-after-apply");
    const error = await failure(ecgrid.users.create(create));
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect(String((error as Error).message)).toMatch(/socket hang up|ECONNRESET/);
    expect(fake.users).toMatchObject([{ login: "bkhan" }]);
  });

  it("stall holds the request until the client gives up; close() drops stalled connections at once", async () => {
    const { fake, server, ecgrid } = await served();
    fake.failNext("listUsers", "stall", 2);
    expect(await failure(ecgrid.users.list())).toBeInstanceOf(EcgridTimeoutError);
    const pending = fetch(`${server.url}/v2/users/list`, { method: "POST", headers: { "x-api-key": "k" }, body: "{}" }).then(
      () => "answered",
      () => "dropped",
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await server.close();
    expect(await pending).toBe("dropped");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("rate limit", () => {
  it("answers 429 RateLimitExceeded with Retry-After past the limit, per credential, until the window ends on the fake's clock", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const checked = setup({ rateLimit: { requests: 2, perMs: 60_000 }, clock: () => now });
    const list = (key = FAKE_TEST_KEY) => send(checked, "POST", "/v2/users/list", {}, { "x-api-key": key });
    expect((await list()).status).toBe(200);
    now += 20_000;
    expect((await list()).status).toBe(200);
    const limited = await checked.fetch("/v2/users/list", { method: "POST", body: "{}" });
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "40"]);
    expect(await limited.json()).toMatchObject({ errorCode: "RateLimitExceeded", data: null });
    expect((await list("another-key")).status).toBe(200);
    now += 40_000;
    expect((await list()).status).toBe(200);
  });

  it("is waited out by the client's retry", async () => {
    const { ecgrid, fake } = setup({ rateLimit: { requests: 1, perMs: 1000 } }, { maxRetries: 1 });
    await ecgrid.users.list();
    expect(await ecgrid.users.list()).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 429, 200]);
  });
});

describe("reset()", () => {
  it("returns to the seeded users, and forgets faults, requests, SMS and rate-limit windows", async () => {
    const checked = setup({ users: [{ login: "a", userId: 1042 }], rateLimit: { requests: 3 } });
    const { fake, ecgrid } = checked;
    await ecgrid.users.create(create);
    await ecgrid.raw.POST("/v2/users/send-sms", { body: { userId: 1042, message: "hi" } });
    await ecgrid.raw.PUT("/v2/users", { body: { userId: 1042, firstName: "Changed" } });
    fake.failNext("listUsers", { status: 500 });
    fake.reset();
    expect(fake.users).toMatchObject([{ userId: 1042, login: "a", firstName: null }]);
    expect([fake.requests, fake.sms]).toEqual([[], []]);
    expect(await ecgrid.users.list()).toHaveLength(1);
    // The ids start again too.
    expect((await ecgrid.users.create(create)).userId).toBe(1043);
  });
});
