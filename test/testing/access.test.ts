import { afterEach, describe, expect, it } from "vitest";
import { createFakeEcgrid, type FakeEcgridOptions } from "../../src/testing/index.js";
import { checkAnswer, checkedFake, expectConforming, send, type Checked } from "./spec-check.js";

const jsmith = { userId: 1042, login: "jsmith", networkId: 1, mailboxId: 101, authLevel: "MailboxAdmin" } as const;
const ajones = { userId: 1043, login: "ajones", networkId: 1, mailboxId: 101, authLevel: "MailboxUser", apiKey: "ajones-key" } as const;

let current: Checked | undefined;
function setup(options: FakeEcgridOptions = {}): Checked {
  current = checkedFake({ users: [jsmith, ajones], ...options });
  return current;
}
afterEach(() => {
  if (current) expectConforming(current);
  current = undefined;
});

describe("credentials", () => {
  it("no credential is 401 InvalidAPIKey, before the body is looked at", async () => {
    const checked = setup();
    for (const headers of [{ "x-api-key": "" }, { authorization: "Basic dTpw" }]) {
      const response = await checked.fetch("/v2/users", { method: "POST", headers, body: "[]" });
      // An empty X-API-Key counts as none; the checked fetch adds the test key only when no credential header is set.
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errorCode: "InvalidAPIKey", data: null });
    }
  });

  it("without apiKeys, any key that is no user's stands for the caller", async () => {
    const checked = setup();
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "whatever" })).toMatchObject({ status: 200, body: { data: { userId: 0, authLevel: "NetworkAdmin" } } });
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "ajones-key" })).toMatchObject({ status: 200, body: { data: { userId: 1043 } } });
  });

  it("with apiKeys, only those (and users' own keys) are accepted", async () => {
    const checked = setup({ apiKeys: ["key-one", "key-two"] });
    for (const key of ["key-one", "key-two"]) expect((await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": key })).status).toBe(200);
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "key-three" })).toMatchObject({ status: 401, body: { errorCode: "InvalidAPIKey", message: "The API key is not valid." } });
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "ajones-key" })).toMatchObject({ status: 200, body: { data: { userId: 1043 } } });
  });

  it("a user's key acts as that user: its scope and level, not the caller's", async () => {
    const checked = setup();
    const asAjones = { "x-api-key": "ajones-key" };
    expect(await send(checked, "POST", "/v2/users", { login: "x", password: "Passw0rd!", email: "x@example.com" }, asAjones)).toMatchObject({ status: 403, body: { errorCode: "AccessDenied" } });
    expect(await send(checked, "PUT", "/v2/users", { userId: 1043, firstName: "Al" }, asAjones)).toMatchObject({ status: 200, body: { data: { firstName: "Al" } } });
    expect(await send(checked, "PUT", "/v2/users", { userId: 1042, firstName: "Jo" }, asAjones)).toMatchObject({ status: 403 });
  });

  it("the seeded caller's listed keys are revoked when it rotates its key, and all its keys when it is terminated", async () => {
    const checked = setup({ users: [{ ...jsmith, authLevel: "NetworkAdmin" }, ajones], caller: { userId: 1042 }, apiKeys: ["listed-key"] });
    const rotated = await send(checked, "POST", "/v2/users/key-generate/1042", undefined, { "x-api-key": "listed-key" });
    expect(rotated.status).toBe(200);
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "listed-key" })).toMatchObject({ status: 401, body: { message: "The API key has been revoked." } });
    const asCaller = { "x-api-key": rotated.body.data as string };
    expect(await send(checked, "DELETE", "/v2/users/1042", undefined, asCaller)).toMatchObject({ status: 200, body: { data: true } });
    expect(await send(checked, "GET", "/v2/users/me", undefined, asCaller)).toMatchObject({ status: 401 });
  });

  it("a terminated seeded caller's stand-in keys stop working too", async () => {
    const checked = setup({ users: [{ ...jsmith, authLevel: "NetworkAdmin" }], caller: { userId: 1042 } });
    expect((await send(checked, "DELETE", "/v2/users/1042")).status).toBe(200);
    expect(await send(checked, "GET", "/v2/users/me")).toMatchObject({ status: 401, body: { errorCode: "InvalidAPIKey", message: "The caller's user is terminated: its credentials no longer work." } });
  });

  it("a Bearer token stands for the caller; an empty one is InvalidSession", async () => {
    const checked = setup();
    expect(await send(checked, "GET", "/v2/users/me", undefined, { authorization: "Bearer t0k3n" })).toMatchObject({ status: 200, body: { data: { userId: 0 } } });
    expect(await send(checked, "GET", "/v2/users/me", undefined, { authorization: "Bearer " })).toMatchObject({ status: 401, body: { errorCode: "InvalidSession" } });
  });
});

describe("scope and levels", () => {
  it("a mailbox administrator manages its mailbox at or below its level, and nothing else", async () => {
    const checked = setup({
      users: [jsmith, ajones, { userId: 1044, login: "other-mailbox", networkId: 1, mailboxId: 102 }, { userId: 1045, login: "netuser", networkId: 1, mailboxId: 0, authLevel: "NetworkUser" }],
      caller: { userId: 1042 },
    });
    expect(await send(checked, "PUT", "/v2/users", { userId: 1043, lastName: "J" })).toMatchObject({ status: 200 });
    expect(await send(checked, "GET", "/v2/users/1044")).toMatchObject({ status: 403, body: { message: "User 1044 is in network 1, mailbox 102, outside the caller's scope (MailboxAdmin of network 1, mailbox 101)." } });
    expect(await send(checked, "DELETE", "/v2/users/1045")).toMatchObject({ status: 403 });
    expect(await send(checked, "POST", "/v2/users/role", { userId: 1043, authLevel: "MailboxAdmin" })).toMatchObject({ status: 200 });
  });

  it("a mailbox user reads its mailbox, changes only itself, and cannot set roles, even its own", async () => {
    const checked = setup({ caller: { userId: 1043 } });
    expect(await send(checked, "GET", "/v2/users/1042")).toMatchObject({ status: 200 });
    expect(await send(checked, "PUT", "/v2/users", { userId: 1043, email: "new@example.com" })).toMatchObject({ status: 200 });
    expect(await send(checked, "PUT", "/v2/users", { userId: 1042, email: "new@example.com" })).toMatchObject({ status: 403 });
    expect(await send(checked, "POST", "/v2/users/role", { userId: 1043, authLevel: "General" })).toMatchObject({ status: 403 });
    expect(await send(checked, "POST", "/v2/users/reset/1043")).toMatchObject({ status: 200 });
    expect(await send(checked, "POST", "/v2/users/send-sms", { userId: 1043, message: "hi" })).toMatchObject({ status: 200 });
    expect(await send(checked, "POST", "/v2/users/send-sms", { userId: 1042, message: "hi" })).toMatchObject({ status: 403 });
  });

  it("Root acts in every network", async () => {
    const checked = setup({ users: [jsmith, { userId: 2001, login: "far", networkId: 9, mailboxId: 900, authLevel: "NetworkAdmin" }], caller: { authLevel: "Root" } });
    expect(await send(checked, "POST", "/v2/users/role", { userId: 2001, authLevel: "TechOps" })).toMatchObject({ status: 200, body: { data: { authLevel: "TechOps" } } });
    expect((await send(checked, "POST", "/v2/users/list", { networkId: 9 })).body.data).toHaveLength(1);
  });
});

describe("options", () => {
  it.each([
    ["a user without a login", { users: [{ userId: 1 }] }, /users\[0\]\.login must be a string/],
    ["two users with one id", { users: [{ userId: 1, login: "a" }, { userId: 1, login: "b" }] }, /two users have userId 1/],
    ["one login twice in a network", { users: [{ login: "a" }, { login: "A" }] }, /two users of network 1 have the login 'A'/],
    ["a created date that is not one", { users: [{ login: "a", created: "yesterday" }] }, /users\[0\]\.created must be a date-time/],
    ["a caller that is no level", { caller: { authLevel: "NoChange" } }, /caller\.authLevel must be one of Root,/],
    ["a caller that contradicts its seeded user", { users: [{ userId: 7, login: "a", authLevel: "MailboxUser" }], caller: { userId: 7, authLevel: "Root" } }, /caller\.authLevel is "Root", but the seeded user 7 has "MailboxUser"/],
    ["a nextUserId that is taken", { users: [{ userId: 1500, login: "a" }], nextUserId: 1500 }, /nextUserId must be above every seeded userId \(1500\)/],
    ["an empty API key", { apiKeys: [""] }, /apiKeys must be an array of non-empty strings/],
    ["a rate limit of nothing", { rateLimit: { requests: 0 } }, /rateLimit\.requests must be a whole number/],
  ])("refuse %s, with a TypeError that says why", (_, options, message) => {
    expect(() => createFakeEcgrid(options as FakeEcgridOptions)).toThrow(TypeError);
    expect(() => createFakeEcgrid(options as FakeEcgridOptions)).toThrow(message);
  });

  it("fill what a seed leaves out with Create User's defaults, ids above every id given", () => {
    const fake = createFakeEcgrid({ users: [{ login: "a" }, { login: "b", userId: 1500 }], caller: { networkId: 3, mailboxId: 300 }, clock: () => Date.parse("2025-01-02T03:04:05.678Z") });
    const defaults = { firstName: null, lastName: null, networkId: 3, mailboxId: 300, authLevel: "MailboxUser", status: "Active", created: "2025-01-02T03:04:05Z" };
    expect(fake.users).toStrictEqual([
      { userId: 1500, login: "b", email: "b@example.com", ...defaults },
      { userId: 1501, login: "a", email: "a@example.com", ...defaults },
    ]);
    expect(createFakeEcgrid({ users: [{ login: "a" }] }).users[0]?.userId).toBe(1001);
  });

  it("keep fake.users a copy", () => {
    const fake = createFakeEcgrid({ users: [{ login: "a" }] });
    (fake.users[0] as { login: string }).login = "changed";
    expect(fake.users[0]?.login).toBe("a");
  });
});

describe("the spec check itself", () => {
  it("flags a body that breaks the schema, an undocumented status, and a 429 without Retry-After", async () => {
    const json = new Headers({ "content-type": "application/json" });
    expect(await checkAnswer("listUsers", 200, json, '{"success":true,"data":[{"userId":"1"}]}')).toHaveLength(1);
    expect(await checkAnswer("listUsers", 418, json, "{}")).toEqual([{ operationId: "listUsers", status: 418, problem: "status 418 is not documented" }]);
    expect(await checkAnswer("listUsers", 429, json, '{"success":false,"errorCode":"RateLimitExceeded","message":"m","data":null}')).toEqual([{ operationId: "listUsers", status: 429, problem: "a 429 without Retry-After" }]);
    expect(await checkAnswer("getApiKey", 200, json, '{"success":true,"data":"k"}')).toEqual([]);
  });
});
