import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { EcgridApiError, EcgridError, EcgridValidationError, type AttemptEvent, type UsersResource } from "../../src/index.js";
import { retryRules } from "../../src/retry-rules.js";
import { operations, type OperationId } from "../../generated/operations.js";
import { fail, fakeFetch, json, ok, SECRET_KEY, testClient, user, type FakeFetch } from "../support/fake-fetch.js";

const NEW_PASSWORD = "N3w-Passw0rd!-SECRET";
const ISSUED_KEY = "f9e8d7c6-b5a4-3210-fedc-ba9876543210";

/** Each method, the call to make, the request it must send, and what it resolves to. */
interface Case {
  operation: OperationId;
  call: (users: UsersResource) => Promise<unknown>;
  request: { method: string; path: string; body?: unknown };
  data: unknown;
}
const cases: Case[] = [
  { operation: "getUser", call: (u) => u.get(1042), request: { method: "GET", path: "/v2/users/1042" }, data: user(1042) },
  { operation: "getUserByName", call: (u) => u.getByLogin("jsmith"), request: { method: "POST", path: "/v2/users/by-name", body: { login: "jsmith" } }, data: [user(1042), user(2042, { networkId: 2 })] },
  { operation: "getMe", call: (u) => u.me(), request: { method: "GET", path: "/v2/users/me" }, data: user(1) },
  { operation: "updateUser", call: (u) => u.update({ userId: 1042, email: "john.smith@example.com" }), request: { method: "PUT", path: "/v2/users", body: { userId: 1042, email: "john.smith@example.com" } }, data: user(1042) },
  { operation: "setRole", call: (u) => u.setRole({ userId: 1042, authLevel: "NetworkAdmin", networkId: 1 }), request: { method: "POST", path: "/v2/users/role", body: { userId: 1042, authLevel: "NetworkAdmin", networkId: 1 } }, data: user(1042) },
  { operation: "setNetworkMailbox", call: (u) => u.setNetworkMailbox({ userId: 1042, networkId: 2, mailboxId: 205 }), request: { method: "POST", path: "/v2/users/set-network-mailbox", body: { userId: 1042, networkId: 2, mailboxId: 205 } }, data: user(1042) },
  { operation: "updatePassword", call: (u) => u.setPassword({ userId: 1042, newPassword: NEW_PASSWORD }), request: { method: "POST", path: "/v2/users/password", body: { userId: 1042, newPassword: NEW_PASSWORD } }, data: true },
  { operation: "generatePassword", call: (u) => u.generatePassword({ length: 16 }), request: { method: "POST", path: "/v2/users/generate-password", body: { length: 16 } }, data: "Xk7#mQpL2rNv!dYw" },
  { operation: "terminateUser", call: (u) => u.terminate(1042), request: { method: "DELETE", path: "/v2/users/1042" }, data: true },
  { operation: "resetSessions", call: (u) => u.resetSessions(1042), request: { method: "POST", path: "/v2/users/reset/1042" }, data: true },
  { operation: "sendSms", call: (u) => u.sendSms({ userId: 1042, message: "Your parcel is ready." }), request: { method: "POST", path: "/v2/users/send-sms", body: { userId: 1042, message: "Your parcel is ready." } }, data: true },
  { operation: "updateConfig", call: (u) => u.updateConfig({ userId: 1042, cellPhone: "+15550100" }), request: { method: "POST", path: "/v2/users/update-config", body: { userId: 1042, cellPhone: "+15550100" } }, data: true },
  { operation: "getApiKey", call: (u) => u.getApiKey(1042), request: { method: "GET", path: "/v2/users/key/1042" }, data: ISSUED_KEY },
  { operation: "generateApiKey", call: (u) => u.generateApiKey(1042), request: { method: "POST", path: "/v2/users/key-generate/1042" }, data: ISSUED_KEY },
];

const users = (fetch: FakeFetch, options = {}) => testClient(fetch, { maxRetries: 2, timeoutMs: 2_000, ...options }).users;

describe.each(cases)("$operation", ({ operation, call, request, data }) => {
  it("sends exactly the documented request, and resolves to the envelope's data", async () => {
    const fetch = fakeFetch(() => ok(data));
    expect(await call(users(fetch))).toStrictEqual(data);
    expect(fetch.requests).toHaveLength(1);
    const [sent] = fetch.requests;
    expect(`${sent!.method} ${new URL(sent!.url).pathname}`).toBe(`${request.method} ${request.path}`);
    expect(sent!.body).toStrictEqual(request.body);
    expect(sent!.headers.get("x-api-key")).toBe(SECRET_KEY);
    expect(sent!.headers.get("content-type")).toBe(request.body === undefined ? null : "application/json");
    // The table the client works from says the same.
    expect(operations[operation].method).toBe(request.method);
  });

  it(`${retryRules[operation] ? "is" : "is not"} sent again after a 503`, async () => {
    const fetch = fakeFetch((_, __, n) => (n === 1 ? fail(503, "InternalError", "busy") : ok(data)));
    const outcome = await call(users(fetch)).then(
      () => "resolved",
      (e: unknown) => (e as EcgridApiError).status,
    );
    expect({ outcome, requests: fetch.requests.length }).toEqual(retryRules[operation] ? { outcome: "resolved", requests: 2 } : { outcome: 503, requests: 1 });
  });

  it("is sent again after a 429, like every operation", async () => {
    const fetch = fakeFetch((_, __, n) => (n === 1 ? fail(429, "RateLimitExceeded", "slow down", { "retry-after": "0" }) : ok(data)));
    expect(await call(users(fetch))).toStrictEqual(data);
    expect(fetch.requests).toHaveLength(2);
  });
});

describe("the retry rules", () => {
  it("retry reads and set-to-a-value calls; never a second SMS or a second new key", () => {
    const never = Object.entries(retryRules).filter(([, retry]) => !retry).map(([id]) => id);
    expect(never.sort()).toEqual(["createUser", "generateApiKey", "sendSms"]);
  });
});

describe("boolean results", () => {
  it.each(cases.filter((c) => c.data === true))("$operation: a `false` is not a success", async ({ call }) => {
    const error = await call(users(fakeFetch(() => ok(false)))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect((error as Error).message).toMatch(/^HTTP 200( OK)?: the response's data is false: the server reports that the operation did not happen$/);
  });
});

describe("user ids", () => {
  it.each([1.5, Number.NaN, "1042", -0.1, 2 ** 53])("%s is refused before anything is sent", async (id) => {
    const fetch = fakeFetch(() => ok(user(1)));
    const error = await users(fetch).get(id as number).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridValidationError);
    expect((error as EcgridValidationError).issues).toEqual([{ path: "userId", message: "userId must be an integer" }]);
    expect(fetch.requests).toHaveLength(0);
  });
});

describe("secrets in requests and answers", () => {
  const views = (value: unknown) => inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }) + JSON.stringify(value);

  it("a new password is redacted from an error that echoes it, and from onAttempt", async () => {
    const events: AttemptEvent[] = [];
    const fetch = fakeFetch(() => fail(400, "InvalidParameter", `password ${NEW_PASSWORD} was used before`));
    const error = await users(fetch, { onAttempt: (e: AttemptEvent) => events.push(e) }).setPassword({ userId: 1, newPassword: NEW_PASSWORD }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("InvalidParameter (HTTP 400): password [REDACTED] was used before");
    expect(views(error) + views(events)).not.toContain(NEW_PASSWORD);
  });

  it.each(cases.filter((c) => operations[c.operation].secretResult))("$operation: a secret in a success of the wrong shape never reaches the error", async ({ call }) => {
    const error = await call(users(fakeFetch(() => json({ success: true, data: { key: ISSUED_KEY, password: "Xk7#mQpL2rNv!dYw" } })))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect((error as EcgridApiError).body).toEqual({ success: true, data: "[REDACTED]" });
    expect(views(error)).not.toMatch(/f9e8d7c6|Xk7#mQ/);
  });

  it.each(cases.filter((c) => operations[c.operation].secretResult))("$operation: a secret in a success that is not JSON never reaches the error", async ({ call }) => {
    const error = await call(users(fakeFetch(() => new Response(`key=${ISSUED_KEY}`, { status: 200 })))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect(views(error)).not.toContain(ISSUED_KEY);
  });
});

describe("request fields the spec does not name", () => {
  it("are refused by default, naming the field: a typo is caught before anything is sent", async () => {
    const fetch = fakeFetch(() => ok(user(1)));
    const error = await users(fetch).update({ userId: 1, emial: "x@example.com" } as never).catch((e: unknown) => e);
    expect((error as EcgridValidationError).issues).toEqual([{ path: "emial", message: "emial is not a field of this request" }]);
    expect(fetch.requests).toHaveLength(0);
  });

  it("are sent with allowUnknownFields: true (a field the API added after this release)", async () => {
    const fetch = fakeFetch(() => ok(user(1)));
    await users(fetch, { allowUnknownFields: true }).update({ userId: 1, department: "EDI" } as never);
    expect(fetch.requests[0]?.body).toEqual({ userId: 1, department: "EDI" });
  });

  it("are always sent to Update Config, whose fields the spec leaves open", async () => {
    const fetch = fakeFetch(() => ok(true));
    await users(fetch).updateConfig({ userId: 1, cellCarrier: "Verizon" });
    expect(fetch.requests[0]?.body).toEqual({ userId: 1, cellCarrier: "Verizon" });
  });
});

describe("per-call headers", () => {
  it("are sent, for a correlation id or a mock's Prefer", async () => {
    const fetch = fakeFetch(() => ok(user(1)));
    await users(fetch).get(1, { headers: { "X-Correlation-Id": "abc-123", Prefer: "code=200" } });
    expect(fetch.requests[0]?.headers.get("x-correlation-id")).toBe("abc-123");
    expect(fetch.requests[0]?.headers.get("prefer")).toBe("code=200");
  });

  it.each([
    [{ "X-API-Key": "other" }, "headers: X-API-Key cannot be set per call; the client sets it."],
    [{ "content-type": "text/plain" }, "headers: content-type cannot be set per call; the client sets it."],
    [{ "X-Evil": "a\r\nX-API-Key: b" }, "headers: the value of X-Evil must be a string without line breaks."],
    [{ "bad name": "x" }, 'headers: "bad name" is not a valid header name.'],
  ])("%j is refused before anything is sent", async (headers, message) => {
    const fetch = fakeFetch(() => ok(user(1)));
    await expect(users(fetch).get(1, { headers })).rejects.toThrow(new EcgridError(message));
    expect(fetch.requests).toHaveLength(0);
  });
});
