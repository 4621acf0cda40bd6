import { describe, expect, it } from "vitest";
import { EcgridValidationError, type CreateUserInput, type ListUsersInput } from "../../src/index.js";
import { fakeFetch, ok, testClient, user, validCreate } from "../support/fake-fetch.js";

const setup = (validateRequests?: boolean) => {
  const fetch = fakeFetch((request) => ok(request.url.endsWith("/list") ? [] : user(1)));
  return { fetch, users: testClient(fetch, validateRequests === undefined ? {} : { validateRequests }).users };
};

async function issuesOf(call: Promise<unknown>) {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EcgridValidationError);
  return (error as EcgridValidationError).issues;
}

describe("create checks its input against the spec before sending", () => {
  const cases: [string, Record<string, unknown>, { path: string; message: string }[]][] = [
    ["missing required fields", {}, [
      { path: "login", message: "login is required" },
      { path: "password", message: "password is required" },
      { path: "email", message: "email is required" },
    ]],
    ["a password without a lowercase letter", { ...validCreate, password: "PASSW0RD!" }, [{ path: "password", message: "password must contain at least a lowercase letter" }]],
    ["a password without an uppercase letter", { ...validCreate, password: "passw0rd!" }, [{ path: "password", message: "password must contain at least an uppercase letter" }]],
    ["a password without a digit", { ...validCreate, password: "Password!" }, [{ path: "password", message: "password must contain at least a digit" }]],
    ["a password without a special character", { ...validCreate, password: "Passw0rd1" }, [{ path: "password", message: "password must contain at least a special character" }]],
    ["a password missing two classes", { ...validCreate, password: "password" }, [{ path: "password", message: "password must contain at least an uppercase letter, a digit, a special character" }]],
    ["a malformed email", { ...validCreate, email: "jsmith.example.com" }, [{ path: "email", message: "email must be a valid email address" }]],
    ["a fractional id", { ...validCreate, mailboxId: 101.5 }, [{ path: "mailboxId", message: "mailboxId must be an integer" }]],
    ["a string id", { ...validCreate, networkId: "1" }, [{ path: "networkId", message: "networkId must be an integer" }]],
    ["an infinite id", { ...validCreate, networkId: Number.POSITIVE_INFINITY }, [{ path: "networkId", message: "networkId must be a finite number" }]],
    ["an unknown authLevel", { ...validCreate, authLevel: "SuperUser" }, [{ path: "authLevel", message: "authLevel must be one of Root, TechOps, NetOps, NetworkAdmin, NetworkUser, MailboxAdmin, MailboxUser, TPUser, General" }]],
    ["NoChange, which is for updates", { ...validCreate, authLevel: "NoChange" }, [{ path: "authLevel", message: "authLevel must be one of Root, TechOps, NetOps, NetworkAdmin, NetworkUser, MailboxAdmin, MailboxUser, TPUser, General" }]],
    ["an unknown field", { ...validCreate, loginName: "x" }, [{ path: "loginName", message: "loginName is not a field of this request" }]],
    ["a body that is not an object", null as unknown as Record<string, unknown>, [{ path: "", message: "the request body must be of type object" }]],
  ];

  it.each(cases)("%s", async (_, input, expected) => {
    const { fetch, users } = setup();
    expect(await issuesOf(users.create(input as CreateUserInput))).toEqual(expected);
    expect(fetch.requests).toHaveLength(0);
  });

  it("lists every broken rule at once, in the message too", async () => {
    const { users } = setup();
    const error = (await users.create({ login: "x", password: "weak", email: "nope", mailboxId: 1.5 } as CreateUserInput).catch((e: unknown) => e)) as EcgridValidationError;
    expect(error.issues.map((i) => i.path).sort()).toEqual(["email", "mailboxId", "password"]);
    expect(error.message).toMatch(/^Invalid createUser request: .*password must contain.*email must be a valid email address.*mailboxId must be an integer/);
  });

  it("never puts the password's value in an issue or the message", async () => {
    const { users } = setup();
    const weak = "lowercaseonly-SECRETVALUE";
    const error = (await users.create({ ...validCreate, password: weak }).catch((e: unknown) => e)) as EcgridValidationError;
    expect(JSON.stringify(error.issues) + error.message + String(error.stack)).not.toContain(weak);
  });
});

describe("list checks its filters", () => {
  it.each([
    [{ pageNo: 0 }, [{ path: "pageNo", message: "pageNo must be >= 1" }]],
    [{ recordsPerPage: 0 }, [{ path: "recordsPerPage", message: "recordsPerPage must be >= 1" }]],
    [{ status: "Deleted" }, [{ path: "status", message: "status must be one of Development, Active, Preproduction, Suspended, Terminated" }]],
    [{ pageNo: 1.5 }, [{ path: "pageNo", message: "pageNo must be an integer" }]],
  ])("%j", async (input, expected) => {
    const { fetch, users } = setup();
    expect(await issuesOf(users.list(input as ListUsersInput))).toEqual(expected);
    expect(fetch.requests).toHaveLength(0);
  });

  it("listAll checks before its first request, when called", () => {
    const { fetch, users } = setup();
    expect(() => users.listAll({ recordsPerPage: 0 })).toThrow(EcgridValidationError);
    expect(fetch.requests).toHaveLength(0);
  });
});

describe("validateRequests: false", () => {
  it("sends the body unchecked, for the server to judge", async () => {
    const { fetch, users } = setup(false);
    await users.list({ pageNo: 0 });
    await users.create({ ...validCreate, password: "weak" });
    expect(fetch.requests.map((r) => r.body)).toStrictEqual([{ pageNo: 0 }, { ...validCreate, password: "weak" }]);
  });
});

describe("the accepted bodies", () => {
  it("include the seeds' examples and the minimum", async () => {
    const { fetch, users } = setup();
    await users.create({ login: "jsmith", password: "Passw0rd!", email: "jsmith@example.com", firstName: "John", lastName: "Smith", networkId: 1, mailboxId: 101, authLevel: "MailboxAdmin" });
    await users.create(validCreate);
    await users.list({ networkId: 1, mailboxId: 101, authLevel: "MailboxUser", status: "Active", pageNo: 1, recordsPerPage: 25 });
    expect(fetch.requests).toHaveLength(3);
  });
});
