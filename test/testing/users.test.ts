import { afterEach, describe, expect, it } from "vitest";
import { EcgridApiError, EcgridValidationError, type EcgridClientOptions, type User } from "../../src/index.js";
import { assertValidRequest } from "../../src/request-checks.js";
import { exampleNetwork, type FakeEcgridOptions } from "../../src/testing/index.js";
import { checkedFake, expectConforming, send, type Checked } from "./spec-check.js";

/** The users of the docs' examples, and a namesake in another network. */
const jsmith = { userId: 1042, login: "jsmith", email: "jsmith@example.com", firstName: "John", lastName: "Smith", networkId: 1, mailboxId: 101, authLevel: "MailboxAdmin", status: "Active", created: "2024-03-15T10:22:00Z" } satisfies User;
const ajones = { userId: 1043, login: "ajones", email: "ajones@example.com", firstName: "Alice", lastName: "Jones", networkId: 1, mailboxId: 101, authLevel: "MailboxUser", status: "Active", created: "2024-04-01T08:00:00Z" } satisfies User;
const janeSmith = { ...jsmith, userId: 2001, email: "jane@partner.example", firstName: "Jane", networkId: 2, mailboxId: 205 } satisfies User;
const NOW = Date.parse("2026-05-07T14:30:00Z");
const password = "Passw0rd!";

let current: Checked | undefined;
/** A fake whose every answer is checked against the spec when the test ends. */
function setup(options: FakeEcgridOptions = { users: [jsmith, ajones, janeSmith] }, client: EcgridClientOptions = {}): Checked {
  current = checkedFake({ clock: () => NOW, ...options }, client);
  return current;
}
afterEach(() => {
  if (current) expectConforming(current);
  current = undefined;
});

/** The error a call rejects with. */
const failure = (call: Promise<unknown>) => call.then(() => expect.fail("the call succeeded"), (e: unknown) => e as EcgridApiError);

describe("Create User", () => {
  it("applies the documented defaults, and the user shows up in every later read", async () => {
    const { ecgrid, fake, fetch } = setup();
    const created = await ecgrid.users.create({ login: "bkhan", password, email: "bkhan@example.com" });
    expect(created).toStrictEqual({ userId: 2002, login: "bkhan", email: "bkhan@example.com", firstName: null, lastName: null, networkId: 1, mailboxId: 101, authLevel: "MailboxUser", status: "Active", created: "2026-05-07T14:30:00Z" });
    expect(await ecgrid.users.list({ networkId: 1 })).toContainEqual(created);
    expect((await ecgrid.raw.GET("/v2/users/{id}", { params: { path: { id: created.userId } } })).data?.data).toStrictEqual(created);
    expect((await ecgrid.raw.POST("/v2/users/by-name", { body: { login: "bkhan" } })).data?.data).toStrictEqual([created]);
    expect(fake.users.at(-1)).toStrictEqual(created);
    expect(fake.checkPassword(created.userId, password)).toBe(true);
    expect(fake.checkPassword(created.userId, "Other1!x")).toBe(false);
    // Each create takes the next id.
    expect((await ecgrid.users.create({ login: "ckim", password, email: "ckim@example.com" })).userId).toBe(2003);
    expect((await fetch("/v2/users/me")).status).toBe(200);
  });

  it("takes what it is given, null as not given, networkId 0 as the caller's and mailboxId 0 as a network-level user", async () => {
    const { ecgrid } = setup();
    expect(await ecgrid.users.create({ login: "a1", password, email: "a1@example.com", firstName: "Ann", lastName: "Lee", networkId: 1, mailboxId: 102, authLevel: "NetworkUser" })).toMatchObject({
      firstName: "Ann",
      lastName: "Lee",
      mailboxId: 102,
      authLevel: "NetworkUser",
    });
    expect(await ecgrid.users.create({ login: "a2", password, email: "a2@example.com", firstName: null, networkId: null, mailboxId: null, authLevel: null })).toMatchObject({ firstName: null, networkId: 1, mailboxId: 101, authLevel: "MailboxUser" });
    expect(await ecgrid.users.create({ login: "a3", password, email: "a3@example.com", networkId: 0, mailboxId: 0 })).toMatchObject({ networkId: 1, mailboxId: 0 });
  });

  it("meets DuplicateObject on a login taken in the network, whatever its case, and stores nothing", async () => {
    const { ecgrid, fake } = setup();
    const before = fake.users;
    for (const login of ["jsmith", "JSmith"]) {
      const error = await failure(ecgrid.users.create({ login, password, email: "x@example.com" }));
      expect(error).toMatchObject({ status: 400, errorCode: "DuplicateObject", message: `DuplicateObject (HTTP 400): A user with login '${login}' already exists in network 1.` });
    }
    expect(fake.users).toStrictEqual(before);
  });

  it("takes a login used in another network", async () => {
    const { ecgrid } = setup({ users: [jsmith], caller: { authLevel: "NetOps" } });
    expect(await ecgrid.users.create({ login: "jsmith", password, email: "j@example.com", networkId: 3, mailboxId: 301 })).toMatchObject({ login: "jsmith", networkId: 3 });
  });

  it.each([
    ["a level above the caller's", { authLevel: "NetOps" }, "The caller (NetworkAdmin of network 1) cannot grant NetOps, a level above its own."],
    ["another network", { networkId: 2 }, "Network 2, mailbox 101 is outside the caller's scope (NetworkAdmin of network 1)."],
  ] as const)("is AccessDenied for %s", async (_, fields, message) => {
    const { ecgrid, fake } = setup();
    const error = await failure(ecgrid.users.create({ login: "x", password, email: "x@example.com", ...fields }));
    expect(error).toMatchObject({ status: 403, errorCode: "AccessDenied", message: `AccessDenied (HTTP 403): ${message}` });
    expect(fake.users.map((u) => u.login)).not.toContain("x");
  });

  it("grants levels at or below the caller's own, NetworkAdmin included", async () => {
    const { ecgrid } = setup();
    expect((await ecgrid.users.create({ login: "peer", password, email: "p@example.com", authLevel: "NetworkAdmin" })).authLevel).toBe("NetworkAdmin");
  });

  it("is AccessDenied for a mailbox administrator outside its mailbox, and for a mailbox user at all", async () => {
    const admin = setup({ users: [jsmith, ajones], caller: { userId: 1042 } });
    expect(await failure(admin.ecgrid.users.create({ login: "x", password, email: "x@example.com", mailboxId: 102 }))).toMatchObject({ status: 403, errorCode: "AccessDenied" });
    expect(await admin.ecgrid.users.create({ login: "x", password, email: "x@example.com" })).toMatchObject({ mailboxId: 101 });
    expectConforming(admin);
    const user = setup({ users: [jsmith, ajones], caller: { userId: 1043 } });
    expect(await failure(user.ecgrid.users.create({ login: "y", password, email: "y@example.com" }))).toMatchObject({
      status: 403,
      message: "AccessDenied (HTTP 403): The caller (MailboxUser of network 1, mailbox 101) cannot create users: that takes MailboxAdmin or higher.",
    });
  });

  it("is ObjectNotFound for a network that cannot exist", async () => {
    const { ecgrid } = setup({ caller: { authLevel: "Root" } });
    expect(await failure(ecgrid.users.create({ login: "x", password, email: "x@example.com", networkId: -1 }))).toMatchObject({ status: 404, errorCode: "ObjectNotFound", message: "ObjectNotFound (HTTP 404): Network -1 does not exist." });
  });

  it("answers InvalidParameter naming every rule broken, in the client's own words", async () => {
    // The client's own checks off, so that the fake judges.
    const { ecgrid } = setup(undefined, { validateRequests: false });
    const body = { login: "x", password: "passw0rd", email: "not-an-email", authLevel: "NoChange" };
    const expected = (() => {
      try {
        assertValidRequest("createUser", body);
      } catch (error) {
        return (error as EcgridValidationError).issues.map((i) => i.message).join("; ");
      }
      return expect.fail("the client accepted the body");
    })();
    expect(expected).toMatch(/^password must contain at least an uppercase letter, a special character; email must be a valid email address; authLevel must be one of Root, .*General$/);
    const error = await failure(ecgrid.users.create(body as never));
    expect(error).toMatchObject({ status: 400, errorCode: "InvalidParameter", message: `InvalidParameter (HTTP 400): ${expected}` });
  });

  it("answers InvalidParameter for a body that is not JSON, or none", async () => {
    const checked = setup();
    expect(await send(checked, "POST", "/v2/users")).toMatchObject({ status: 400, body: { errorCode: "InvalidParameter", message: "the request body must be of type object" } });
    const response = await checked.fetch("/v2/users", { method: "POST", body: '{"login": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorCode: "InvalidParameter", message: "the request body is not valid JSON" });
  });

  it("accepts fields the spec does not list, as the spec does", async () => {
    const checked = setup();
    expect(await send(checked, "POST", "/v2/users", { login: "x", password, email: "x@example.com", loginName: "x" })).toMatchObject({ status: 200 });
  });
});

describe("List Users", () => {
  it("pages the example network's 60 users by 25: 25, 25, 10, then none; listAll gets each once, by userId", async () => {
    const { ecgrid } = setup(exampleNetwork());
    const sizes = [];
    for (let pageNo = 1; pageNo <= 4; pageNo++) sizes.push((await ecgrid.users.list({ networkId: 1, pageNo })).length);
    expect(sizes).toEqual([25, 25, 10, 0]);
    const all = await ecgrid.users.listAll({ networkId: 1 }).toArray({ limit: 1000 });
    expect(all.map((u) => u.userId)).toEqual(Array.from({ length: 60 }, (_, i) => 1000 + i));
  });

  it("filters by mailbox, level (NoChange or null: every level) and status", async () => {
    const { ecgrid, fake } = setup(exampleNetwork());
    const network1 = fake.users.filter((u) => u.networkId === 1);
    const count = async (filters: object) => (await ecgrid.users.listAll(filters).toArray({ limit: 1000 })).length;
    expect(await count({ mailboxId: 102 })).toBe(network1.filter((u) => u.mailboxId === 102).length);
    expect(await count({ authLevel: "MailboxAdmin" })).toBe(network1.filter((u) => u.authLevel === "MailboxAdmin").length);
    expect(await count({ status: "Terminated" })).toBe(network1.filter((u) => u.status === "Terminated").length);
    expect(await count({ authLevel: "NoChange" })).toBe(60);
    expect(await count({ networkId: null, mailboxId: null, authLevel: null, status: null })).toBe(60);
    expect(await count({ mailboxId: 102, status: "Active", authLevel: "MailboxUser" })).toBe(network1.filter((u) => u.mailboxId === 102 && u.status === "Active" && u.authLevel === "MailboxUser").length);
    expect(await count({ mailboxId: 102 })).toBeGreaterThan(5);
  });

  it("shows only the caller's scope, and refuses a filter outside it", async () => {
    const network = setup(exampleNetwork());
    expect(new Set((await network.ecgrid.users.listAll({}).toArray({ limit: 1000 })).map((u) => u.networkId))).toEqual(new Set([1]));
    expect(await failure(network.ecgrid.users.list({ networkId: 2 }))).toMatchObject({ status: 403, errorCode: "AccessDenied" });
    expectConforming(network);

    const ops = setup({ ...exampleNetwork(), caller: { userId: 5, authLevel: "NetOps" } });
    expect(await ops.ecgrid.users.listAll({}).toArray({ limit: 1000 })).toHaveLength(65);
    expect(await ops.ecgrid.users.list({ networkId: 2 })).toHaveLength(5);
    expectConforming(ops);

    const mailbox = setup({ ...exampleNetwork(), caller: { userId: 1002 } });
    const seen = await mailbox.ecgrid.users.listAll({}).toArray({ limit: 1000 });
    expect(new Set(seen.map((u) => `${u.networkId}/${u.mailboxId}`))).toEqual(new Set(["1/101"]));
    expect(await failure(mailbox.ecgrid.users.list({ mailboxId: 102 }))).toMatchObject({ status: 403, errorCode: "AccessDenied" });
  });

  it("caps recordsPerPage at maxRecordsPerPage, and listAll still gets every user", async () => {
    const { ecgrid } = setup({ ...exampleNetwork(), maxRecordsPerPage: 10 });
    expect(await ecgrid.users.list({ networkId: 1, recordsPerPage: 50 })).toHaveLength(10);
    expect(await ecgrid.users.listAll({ networkId: 1, recordsPerPage: 50 }).toArray({ limit: 1000 })).toHaveLength(60);
  });

  it("answers InvalidParameter naming the rule", async () => {
    const checked = setup();
    expect(await send(checked, "POST", "/v2/users/list", { pageNo: 0, status: "Deleted" })).toMatchObject({
      status: 400,
      body: { errorCode: "InvalidParameter", message: "status must be one of Development, Active, Preproduction, Suspended, Terminated; pageNo must be >= 1" },
    });
  });
});

describe("Get User, Get Me, Get User by Name", () => {
  it("finds a user by id; 404 for an unknown one, 403 outside the scope, 400 for an id that is not an integer", async () => {
    const checked = setup();
    expect(await send(checked, "GET", "/v2/users/1042")).toStrictEqual({ status: 200, body: { success: true, data: jsmith } });
    expect(await send(checked, "GET", "/v2/users/9999")).toMatchObject({ status: 404, body: { errorCode: "ObjectNotFound", message: "User 9999 does not exist." } });
    expect(await send(checked, "GET", "/v2/users/2001")).toMatchObject({ status: 403, body: { errorCode: "AccessDenied" } });
    expect(await send(checked, "GET", "/v2/users/1.5")).toMatchObject({ status: 400, body: { errorCode: "InvalidParameter", message: "id must be an integer" } });
  });

  it("Get Me is the caller: a stand-in by default, the seeded user when caller.userId names one", async () => {
    const standIn = setup();
    expect((await standIn.ecgrid.raw.GET("/v2/users/me")).data?.data).toStrictEqual({
      userId: 0,
      login: "api-caller",
      email: "api-caller@example.com",
      firstName: null,
      lastName: null,
      networkId: 1,
      mailboxId: 101,
      authLevel: "NetworkAdmin",
      status: "Active",
      created: "2026-05-07T14:30:00Z",
    });
    // The stand-in is no user of the fake: lists and lookups never meet it.
    expect(await standIn.ecgrid.users.list({})).toStrictEqual([jsmith, ajones]);
    expectConforming(standIn);
    const seeded = setup({ users: [jsmith], caller: { userId: 1042 } });
    expect((await seeded.ecgrid.raw.GET("/v2/users/me")).data?.data).toStrictEqual(jsmith);
  });

  it("Get User by Name finds the login in every network, whatever its case", async () => {
    const { ecgrid } = setup();
    expect((await ecgrid.raw.POST("/v2/users/by-name", { body: { login: "JSMITH" } })).data?.data).toStrictEqual([jsmith, janeSmith]);
    expect((await ecgrid.raw.POST("/v2/users/by-name", { body: { login: "nobody" } })).data?.data).toStrictEqual([]);
  });
});

describe("changes are visible in later reads", () => {
  it("Update User: email and names; null and absent fields stay", async () => {
    const checked = setup();
    const { ecgrid } = checked;
    const { data } = await ecgrid.raw.PUT("/v2/users", { body: { userId: 1042, email: "john.smith@example.com", firstName: null } });
    expect(data?.data).toStrictEqual({ ...jsmith, email: "john.smith@example.com" });
    await ecgrid.raw.PUT("/v2/users", { body: { userId: 1042, lastName: "Smyth" } });
    expect(await ecgrid.users.list({ mailboxId: 101 })).toContainEqual({ ...jsmith, email: "john.smith@example.com", lastName: "Smyth" });
    expect(await send(checked, "PUT", "/v2/users", { userId: 1042, email: "nope" })).toMatchObject({ status: 400, body: { message: "email must be a valid email address" } });
  });

  it("Set Role: a new level at or below the caller's; NoChange keeps it; a network or mailbox moves the user", async () => {
    const checked = setup();
    const { ecgrid, fake } = checked;
    expect((await ecgrid.raw.POST("/v2/users/role", { body: { userId: 1043, authLevel: "MailboxAdmin" } })).data?.data).toStrictEqual({ ...ajones, authLevel: "MailboxAdmin" });
    expect((await ecgrid.raw.POST("/v2/users/role", { body: { userId: 1043, authLevel: "NoChange", mailboxId: 102 } })).data?.data).toMatchObject({ authLevel: "MailboxAdmin", mailboxId: 102 });
    expect(await ecgrid.users.list({ authLevel: "MailboxAdmin", mailboxId: 102 })).toStrictEqual([{ ...ajones, authLevel: "MailboxAdmin", mailboxId: 102 }]);
    expect(await send(checked, "POST", "/v2/users/role", { userId: 1043, authLevel: "Root" })).toMatchObject({ status: 403, body: { errorCode: "AccessDenied", message: "The caller (NetworkAdmin of network 1) cannot grant Root, a level above its own." } });
    expect(fake.users.find((u) => u.userId === 1043)?.authLevel).toBe("MailboxAdmin");
  });

  it("Set Role: a caller cannot change a user above it, nor raise itself", async () => {
    const checked = setup({ users: [jsmith, ajones, { ...ajones, userId: 1044, login: "boss", authLevel: "NetworkAdmin" }], caller: { userId: 1042 } });
    expect(await send(checked, "POST", "/v2/users/role", { userId: 1044, authLevel: "General" })).toMatchObject({
      status: 403,
      body: { message: "The caller (MailboxAdmin of network 1, mailbox 101) cannot change the role of user 1044, whose level NetworkAdmin is above its own." },
    });
    expect(await send(checked, "POST", "/v2/users/role", { userId: 1042, authLevel: "NetworkAdmin" })).toMatchObject({ status: 403 });
    // Lowering itself works, and leaves it with less power.
    expect(await send(checked, "POST", "/v2/users/role", { userId: 1042, authLevel: "MailboxUser" })).toMatchObject({ status: 200 });
    expect(await send(checked, "POST", "/v2/users/role", { userId: 1043, authLevel: "TPUser" })).toMatchObject({ status: 403 });
  });

  it("Set Network Mailbox moves a user within the caller's scope, and never onto a taken login", async () => {
    const ops = setup({ users: [jsmith, ajones, janeSmith], caller: { authLevel: "NetOps" } });
    expect((await ops.ecgrid.raw.POST("/v2/users/set-network-mailbox", { body: { userId: 1043, networkId: 2, mailboxId: 205 } })).data?.data).toStrictEqual({ ...ajones, networkId: 2, mailboxId: 205 });
    expect(await ops.ecgrid.users.list({ networkId: 2 })).toStrictEqual([{ ...ajones, networkId: 2, mailboxId: 205 }, janeSmith]);
    expect(await send(ops, "POST", "/v2/users/set-network-mailbox", { userId: 1042, networkId: 2 })).toMatchObject({ status: 400, body: { errorCode: "DuplicateObject", message: "A user with login 'jsmith' already exists in network 2." } });
    expect(await send(ops, "POST", "/v2/users/set-network-mailbox", { userId: 1042, networkId: null, mailboxId: 102 })).toMatchObject({ status: 200, body: { data: { networkId: 1, mailboxId: 102 } } });
    expectConforming(ops);

    const admin = setup();
    expect(await send(admin, "POST", "/v2/users/set-network-mailbox", { userId: 1043, networkId: 2 })).toMatchObject({ status: 403, body: { errorCode: "AccessDenied" } });
    expect(await send(admin, "POST", "/v2/users/set-network-mailbox", { userId: 1043, networkId: 0 })).toMatchObject({ status: 404, body: { errorCode: "ObjectNotFound", message: "Network 0 does not exist." } });
  });

  it("Terminate User: Terminated in later reads, the login still taken, its key revoked, no more changes; terminating again answers true", async () => {
    const checked = setup({ users: [{ ...ajones, apiKey: "ajones-key" }, jsmith] });
    const { ecgrid, fake } = checked;
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "ajones-key" })).toMatchObject({ status: 200, body: { data: { userId: 1043 } } });
    expect((await ecgrid.raw.DELETE("/v2/users/{id}", { params: { path: { id: 1043 } } })).data).toStrictEqual({ success: true, data: true });
    expect(await ecgrid.users.list({ status: "Terminated" })).toStrictEqual([{ ...ajones, status: "Terminated" }]);
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "ajones-key" })).toMatchObject({ status: 401, body: { errorCode: "InvalidAPIKey", message: "The API key has been revoked." } });
    expect(fake.apiKeyOf(1043)).toBeUndefined();
    expect(await send(checked, "PUT", "/v2/users", { userId: 1043, firstName: "Al" })).toMatchObject({ status: 400, body: { errorCode: "InvalidParameter", message: "userId 1043 is a terminated user, which cannot be changed." } });
    expect(await failure(ecgrid.users.create({ login: "ajones", password, email: "a@example.com" }))).toMatchObject({ errorCode: "DuplicateObject" });
    expect((await ecgrid.raw.DELETE("/v2/users/{id}", { params: { path: { id: 1043 } } })).data).toStrictEqual({ success: true, data: true });
    expect(await send(checked, "DELETE", "/v2/users/4242")).toMatchObject({ status: 404 });
  });
});

describe("passwords, keys, sessions, SMS and configuration", () => {
  it("Update Password sets the password; it takes NetworkAdmin and a password that matches the pattern", async () => {
    const checked = setup();
    expect((await checked.ecgrid.raw.POST("/v2/users/password", { body: { userId: 1043, newPassword: "NewPassw0rd!" } })).data).toStrictEqual({ success: true, data: true });
    expect(checked.fake.checkPassword(1043, "NewPassw0rd!")).toBe(true);
    expect(await send(checked, "POST", "/v2/users/password", { userId: 1043, newPassword: "newpassword" })).toMatchObject({ status: 400, body: { message: "newPassword must contain at least an uppercase letter, a digit, a special character" } });
    expectConforming(checked);
    const admin = setup({ users: [jsmith, ajones], caller: { userId: 1042 } });
    expect(await send(admin, "POST", "/v2/users/password", { userId: 1043, newPassword: "NewPassw0rd!" })).toMatchObject({ status: 403, body: { message: "The caller (MailboxAdmin of network 1, mailbox 101) cannot set the password of users: that takes NetworkAdmin or higher." } });
  });

  it("Generate Password: 12 characters by default, the length asked for, always the pattern; 4 to 256", async () => {
    const checked = setup();
    const pattern = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^a-zA-Z0-9]).+$/;
    for (const [body, length] of [[{}, 12], [{ length: null }, 12], [{ length: 4 }, 4], [{ length: 16 }, 16], [{ length: 256 }, 256]] as const) {
      const { data } = await checked.ecgrid.raw.POST("/v2/users/generate-password", { body });
      expect(data?.data).toHaveLength(length);
      expect(data?.data).toMatch(pattern);
    }
    const passwords = new Set(await Promise.all(Array.from({ length: 20 }, async () => (await checked.ecgrid.raw.POST("/v2/users/generate-password", { body: {} })).data?.data)));
    expect(passwords.size).toBe(20);
    for (const length of [3, 257]) {
      expect(await send(checked, "POST", "/v2/users/generate-password", { length })).toMatchObject({ status: 400, body: { errorCode: "InvalidParameter", message: expect.stringMatching(/^length must be from 4 to 256/) } });
    }
  });

  it("Get API Key answers the user's key; Generate API Key replaces it, and the old one stops working at once", async () => {
    const checked = setup({ users: [{ ...ajones, apiKey: "a1b2c3d4-e5f6-7890-abcd-ef1234567890" }] });
    const { ecgrid, fake } = checked;
    expect((await ecgrid.raw.GET("/v2/users/key/{id}", { params: { path: { id: 1043 } } })).data?.data).toBe("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
    const rotated = (await ecgrid.raw.POST("/v2/users/key-generate/{id}", { params: { path: { id: 1043 } } })).data?.data;
    expect(rotated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fake.apiKeyOf(1043)).toBe(rotated);
    expect((await ecgrid.raw.GET("/v2/users/key/{id}", { params: { path: { id: 1043 } } })).data?.data).toBe(rotated);
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": "a1b2c3d4-e5f6-7890-abcd-ef1234567890" })).toMatchObject({ status: 401, body: { errorCode: "InvalidAPIKey" } });
    expect(await send(checked, "GET", "/v2/users/me", undefined, { "x-api-key": rotated! })).toMatchObject({ status: 200, body: { data: ajones } });
  });

  it("a user may rotate its own key whatever its level, but reading a key takes NetworkAdmin", async () => {
    const checked = setup({ users: [{ ...ajones, apiKey: "ajones-key" }, jsmith] });
    const asAjones = { "x-api-key": "ajones-key" };
    expect(await send(checked, "GET", "/v2/users/key/1043", undefined, asAjones)).toMatchObject({ status: 403 });
    const rotated = await send(checked, "POST", "/v2/users/key-generate/1043", undefined, asAjones);
    expect(rotated.status).toBe(200);
    expect(await send(checked, "POST", "/v2/users/key-generate/1042", undefined, { "x-api-key": rotated.body.data })).toMatchObject({ status: 403 });
  });

  it("Reset Sessions revokes the Bearer tokens used so far; the API key keeps working", async () => {
    const checked = setup({ users: [jsmith], caller: { userId: 1042 } });
    const bearer = { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig" };
    expect(await send(checked, "GET", "/v2/users/me", undefined, bearer)).toMatchObject({ status: 200, body: { data: jsmith } });
    expect((await checked.ecgrid.raw.POST("/v2/users/reset/{id}", { params: { path: { id: 1042 } } })).data).toStrictEqual({ success: true, data: true });
    expect(await send(checked, "GET", "/v2/users/me", undefined, bearer)).toMatchObject({ status: 401, body: { errorCode: "InvalidSession", message: "The session token has been revoked." } });
    expect(await send(checked, "GET", "/v2/users/me", undefined, { authorization: "Bearer another.token" })).toMatchObject({ status: 200 });
    expect(await send(checked, "GET", "/v2/users/me")).toMatchObject({ status: 200 });
  });

  it("Send SMS is kept in fake.sms; Update Config stores any field beside userId", async () => {
    const checked = setup();
    const { ecgrid, fake } = checked;
    expect((await ecgrid.raw.POST("/v2/users/send-sms", { body: { userId: 1043, message: "Your parcel is ready." } })).data).toStrictEqual({ success: true, data: true });
    expect(fake.sms).toStrictEqual([{ userId: 1043, message: "Your parcel is ready.", at: "2026-05-07T14:30:00Z" }]);
    expect((await ecgrid.raw.POST("/v2/users/update-config", { body: { userId: 1043, cellPhone: "+15550100", cellCarrier: "Verizon" } })).data).toStrictEqual({ success: true, data: true });
    await ecgrid.raw.POST("/v2/users/update-config", { body: { userId: 1043, cellCarrier: "TMobile" } });
    expect(fake.configOf(1043)).toStrictEqual({ cellPhone: "+15550100", cellCarrier: "TMobile" });
    expect(fake.configOf(9)).toBeUndefined();
    expect(await send(checked, "POST", "/v2/users/send-sms", { userId: 9, message: "x" })).toMatchObject({ status: 404 });
  });
});
