import { beforeAll, describe, expect, it } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import { EcgridValidationError } from "../../src/errors.js";
import { assertValidRequest, requestSchemaErrors, type CheckedOperation } from "../../src/request-checks.js";
import type { FakeEcgridOptions } from "../../src/testing/index.js";
import { compileSchema, examplesOf, loadSpec, requestSchema, type Json } from "../support/spec.js";
import { callServer, SERVERS, startServer, type ServerKind } from "./servers.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

/** One request that breaks exactly one rule of the spec. */
interface Case {
  operationId: OperationId;
  name: string;
  /** The field the rule is about: a body field, "" for the body itself, or "id" in the path. */
  field: string;
  /** The JSON Schema keyword that refuses it. */
  rule: "required" | "type" | "pattern" | "format" | "enum" | "minimum";
  body?: unknown;
  id?: string;
}

/** A valid body of each operation, which the cases below break one rule at a time. */
const valid: Record<CheckedOperation, Record<string, unknown>> = {
  createUser: { login: "jsmith", password: "Passw0rd!", email: "jsmith@example.com" },
  listUsers: {},
  getUserByName: { login: "jsmith" },
  updateUser: { userId: 1042 },
  setRole: { userId: 1042, authLevel: "NetworkAdmin" },
  setNetworkMailbox: { userId: 1042 },
  updatePassword: { userId: 1042, newPassword: "NewPassw0rd!" },
  generatePassword: {},
  sendSms: { userId: 1042, message: "Hello" },
  updateConfig: { userId: 1042 },
};

const without = (body: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== field));

/** A case for a body operation: `value` replaces the field, or `undefined` removes it. */
function breaks(operationId: CheckedOperation, name: string, field: string, rule: Case["rule"], value?: unknown): Case {
  const body = rule === "required" ? without(valid[operationId], field) : field === "" ? value : { ...valid[operationId], [field]: value };
  return { operationId, name, field, rule, body };
}

const cases: Case[] = [
  breaks("createUser", "missing login", "login", "required"),
  breaks("createUser", "numeric login", "login", "type", 5),
  breaks("createUser", "missing password", "password", "required"),
  breaks("createUser", "numeric password", "password", "type", 12345678),
  breaks("createUser", "password without a lowercase letter", "password", "pattern", "PASSW0RD!"),
  breaks("createUser", "password without an uppercase letter", "password", "pattern", "passw0rd!"),
  breaks("createUser", "password without a digit", "password", "pattern", "Password!"),
  breaks("createUser", "password without a special character", "password", "pattern", "Passw0rd1"),
  breaks("createUser", "empty password", "password", "pattern", ""),
  breaks("createUser", "missing email", "email", "required"),
  breaks("createUser", "numeric email", "email", "type", 5),
  breaks("createUser", "malformed email", "email", "format", "jsmith.example.com"),
  breaks("createUser", "numeric firstName", "firstName", "type", 5),
  breaks("createUser", "numeric lastName", "lastName", "type", 5),
  breaks("createUser", "string networkId", "networkId", "type", "1"),
  breaks("createUser", "fractional mailboxId", "mailboxId", "type", 101.5),
  breaks("createUser", "unknown authLevel", "authLevel", "enum", "SuperUser"),
  breaks("createUser", "authLevel NoChange", "authLevel", "enum", "NoChange"),
  breaks("createUser", "a body that is an array", "", "type", []),
  breaks("listUsers", "string networkId", "networkId", "type", "1"),
  breaks("listUsers", "fractional mailboxId", "mailboxId", "type", 101.5),
  breaks("listUsers", "unknown authLevel", "authLevel", "enum", "Admin"),
  breaks("listUsers", "unknown status", "status", "enum", "Deleted"),
  breaks("listUsers", "fractional pageNo", "pageNo", "type", 1.5),
  breaks("listUsers", "pageNo 0", "pageNo", "minimum", 0),
  breaks("listUsers", "string recordsPerPage", "recordsPerPage", "type", "25"),
  breaks("listUsers", "recordsPerPage 0", "recordsPerPage", "minimum", 0),
  breaks("listUsers", "a body that is a string", "", "type", "all"),
  breaks("getUserByName", "missing login", "login", "required"),
  breaks("getUserByName", "numeric login", "login", "type", 5),
  breaks("getUserByName", "a body that is an array", "", "type", ["jsmith"]),
  breaks("updateUser", "missing userId", "userId", "required"),
  breaks("updateUser", "null userId", "userId", "type", null),
  breaks("updateUser", "numeric email", "email", "type", 5),
  breaks("updateUser", "malformed email", "email", "format", "john.smith@"),
  breaks("updateUser", "numeric firstName", "firstName", "type", 5),
  breaks("updateUser", "boolean lastName", "lastName", "type", true),
  breaks("updateUser", "a body that is an array", "", "type", []),
  breaks("setRole", "missing userId", "userId", "required"),
  breaks("setRole", "string userId", "userId", "type", "1042"),
  breaks("setRole", "missing authLevel", "authLevel", "required"),
  breaks("setRole", "unknown authLevel", "authLevel", "enum", "Admin"),
  breaks("setRole", "string networkId", "networkId", "type", "1"),
  breaks("setRole", "fractional mailboxId", "mailboxId", "type", 1.5),
  breaks("setRole", "a body that is an array", "", "type", []),
  breaks("setNetworkMailbox", "missing userId", "userId", "required"),
  breaks("setNetworkMailbox", "fractional userId", "userId", "type", 1042.5),
  breaks("setNetworkMailbox", "string networkId", "networkId", "type", "2"),
  breaks("setNetworkMailbox", "string mailboxId", "mailboxId", "type", "205"),
  breaks("setNetworkMailbox", "a body that is an array", "", "type", []),
  breaks("updatePassword", "missing userId", "userId", "required"),
  breaks("updatePassword", "string userId", "userId", "type", "1042"),
  breaks("updatePassword", "missing newPassword", "newPassword", "required"),
  breaks("updatePassword", "numeric newPassword", "newPassword", "type", 12345678),
  breaks("updatePassword", "newPassword without a special character", "newPassword", "pattern", "NewPassw0rd"),
  breaks("updatePassword", "a body that is an array", "", "type", []),
  breaks("generatePassword", "fractional length", "length", "type", 12.5),
  breaks("generatePassword", "string length", "length", "type", "16"),
  breaks("generatePassword", "a body that is a number", "", "type", 16),
  breaks("sendSms", "missing userId", "userId", "required"),
  breaks("sendSms", "string userId", "userId", "type", "1042"),
  breaks("sendSms", "missing message", "message", "required"),
  breaks("sendSms", "numeric message", "message", "type", 42),
  breaks("sendSms", "a body that is an array", "", "type", []),
  breaks("updateConfig", "missing userId", "userId", "required"),
  breaks("updateConfig", "string userId", "userId", "type", "1042"),
  breaks("updateConfig", "a body that is an array", "", "type", []),
  ...(Object.keys(operations) as OperationId[])
    .filter((id) => (operations[id].pathParams as readonly string[]).includes("id"))
    .map((operationId): Case => ({ operationId, name: "an id that is not an integer", field: "id", rule: "type", id: "abc" })),
];

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** The mock's named 400 example for a case: `<Field><Rule>`, `BodyType` for the body itself, `IdType` for the path. */
const exampleName = (c: Case) => `${c.field === "" ? "Body" : pascal(c.field)}${pascal(c.rule)}`;
/** Where Prism reports the broken rule. */
const location = (c: Case) => (c.id !== undefined ? ["request", "path", "id"] : c.rule === "required" || c.field === "" ? ["request", "body"] : ["request", "body", c.field]);
/** Where Ajv reports it. */
const instancePath = (c: Case) => (c.rule === "required" || c.field === "" ? "" : `/${c.field}`);

/** The message the client's check gives for a body: what the fake must answer. */
function clientMessage(operationId: CheckedOperation, body: unknown): string {
  try {
    assertValidRequest(operationId, body, { allowUnknownFields: true });
  } catch (error) {
    if (error instanceof EcgridValidationError) return error.issues.map((i) => i.message).join("; ");
    throw error;
  }
  throw new Error(`the client accepts ${JSON.stringify(body)}`);
}

/** The fake's users for these suites: user 1042 of the bodies below, a mailbox user of the caller's mailbox. */
const world: FakeEcgridOptions = { users: [{ userId: 1042, login: "jdoe" }] };

describe.each(cases)("$operationId refuses $name", (c) => {
  it.each(SERVERS)("%s: 400, naming the field and the rule; Prism's default answer is the generic example, the fake's names the rule", async (kind: ServerKind) => {
    const server = await startServer(kind, world);
    const answer = await callServer(server, c.operationId, { body: c.body, id: c.id });
    expect(answer.status).toBe(400);
    // A nullable field also reports its `null` branch and the anyOf: same place, same field.
    expect(answer.violations.map((v) => v.location)).toEqual(answer.violations.map(() => location(c)));
    expect(answer.violations.map((v) => v.code)).toContain(c.rule);
    if (c.rule === "required") expect(answer.violations[0]?.message).toContain(`'${c.field}'`);
    if (kind === "prism") {
      expect(answer.body).toStrictEqual(examplesOf(spec, c.operationId, 400).InvalidParameter!.value);
    } else {
      const message = c.id === undefined ? clientMessage(c.operationId as CheckedOperation, c.body) : "id must be an integer";
      expect(answer.body).toMatchObject({ success: false, errorCode: "InvalidParameter", data: null });
      // Straight to the fake: Prism's proxy forwards a JSON string body without its quotes.
      const direct = await callServer({ ...server, url: server.directUrl, headers: {} }, c.operationId, { body: c.body, id: c.id });
      expect(direct.body).toStrictEqual({ success: false, errorCode: "InvalidParameter", message, data: null });
      expect(message).toMatch(c.field === "" ? /^the request body / : new RegExp(`^${c.field} `));
    }
  });

  it(`Prism: Prefer code=400 and the rule's example give a message that names it`, async () => {
    const answer = await callServer(await startServer("prism"), c.operationId, { body: c.body, id: c.id, prefer: `code=400, example=${exampleName(c)}` });
    expect(answer.status).toBe(400);
    const example = examplesOf(spec, c.operationId, 400)[exampleName(c)];
    expect(example, `${c.operationId} has no 400 example ${exampleName(c)}`).toBeDefined();
    expect(answer.body).toStrictEqual(example!.value);
    expect((answer.body as { message: string }).message).toMatch(c.field === "" ? /request body/ : new RegExp(`^${c.field} `));
  });

  // A path parameter is not a body: only Prism judges it.
  if (c.id === undefined) it("the spec's schema, the generated check and the client's check", () => {
    const body = c.body;
    const bySchema = compileSchema(requestSchema(spec, c.operationId));
    expect(bySchema(body)).toBe(false);
    expect(bySchema.errors!.map((e) => e.keyword)).toContain(c.rule);
    expect(bySchema.errors!.map((e) => e.instancePath)).toEqual(bySchema.errors!.map(() => instancePath(c)));

    // The client's schema check reports what Ajv (Prism's validator) reports, in its order.
    const generated = requestSchemaErrors(operations[c.operationId].body!, body);
    expect(generated.map((e) => [e.keyword, e.instancePath])).toEqual(bySchema.errors!.map((e) => [e.keyword, e.instancePath]));

    const error = (() => {
      try {
        assertValidRequest(c.operationId as CheckedOperation, body);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EcgridValidationError);
    expect((error as EcgridValidationError).issues.map((i) => i.path)).toEqual([c.field]);
  });
});

describe("the mock's named 400 examples", () => {
  it.each(Object.keys(valid) as CheckedOperation[])("%s: one per rule, each reached by a case above, and no other", (operationId) => {
    const named = Object.keys(examplesOf(spec, operationId, 400)).filter((n) => n !== "InvalidParameter" && n !== "DuplicateObject");
    const tested = new Set(cases.filter((c) => c.operationId === operationId).map(exampleName));
    expect(named.sort()).toEqual([...tested].sort());
  });

  it("put the generic InvalidParameter example first, so Prism's default answer names no wrong rule", () => {
    for (const operationId of Object.keys(operations)) expect(Object.keys(examplesOf(spec, operationId, 400))[0]).toBe("InvalidParameter");
  });
});

/** Whether the client's check accepts a body. */
function clientAccepts(operationId: CheckedOperation, body: unknown, options?: { allowUnknownFields?: boolean }): boolean {
  try {
    assertValidRequest(operationId, body, options);
    return true;
  } catch (error) {
    if (error instanceof EcgridValidationError) return false;
    throw error;
  }
}

describe.each(SERVERS)("bodies the spec accepts: %s, the schema, the generated check and the client agree", (kind: ServerKind) => {
  /** What the fake answers a body it takes when its world forbids the request itself: never 400. */
  const fakeStatus: Record<string, number> = { "edge values": 404 };
  const accepted: [CheckedOperation, string, Record<string, unknown>][] = [
    ["createUser", "required fields only", valid.createUser],
    ["createUser", "edge values", { ...valid.createUser, firstName: "", networkId: -1, mailboxId: 0, authLevel: "General" }],
    ["createUser", "every optional field null", { ...valid.createUser, firstName: null, lastName: null, networkId: null, mailboxId: null, authLevel: null }],
    ["listUsers", "the C# sample's body (nulls for the filters it is not given)", { networkId: null, mailboxId: null, authLevel: null, status: "Active", pageNo: 1, recordsPerPage: 25 }],
    ["listUsers", "every field null", { networkId: null, mailboxId: null, authLevel: null, status: null, pageNo: null, recordsPerPage: null }],
    ["listUsers", "authLevel NoChange, 'to return all levels'", { authLevel: "NoChange" }],
    ["listUsers", "a page of one terminated user", { pageNo: 1, recordsPerPage: 1, status: "Terminated" }],
    ["setRole", "authLevel NoChange", { userId: 1042, authLevel: "NoChange", networkId: 1 }],
    ["setRole", "the C# sample's nulls", { userId: 1042, authLevel: "MailboxUser", networkId: null, mailboxId: null }],
    ["setNetworkMailbox", "the C# sample's nulls", { userId: 1042, networkId: null, mailboxId: null }],
    ["updateUser", "the C# sample's nulls", { userId: 1042, email: null, firstName: null, lastName: null }],
    ["generatePassword", "no length", {}],
    ["generatePassword", "a null length", { length: null }],
  ];
  it.each(accepted)("%s: %s", async (operationId, name, body) => {
    const answer = await callServer(await startServer(kind, world), operationId, { body });
    expect(answer.status).toBe(kind === "fake" ? (fakeStatus[name] ?? 200) : 200);
    expect(answer.violations).toEqual([]);
    expect(compileSchema(requestSchema(spec, operationId))(body)).toBe(true);
    expect(requestSchemaErrors(operations[operationId].body, body)).toEqual([]);
    expect(clientAccepts(operationId, body)).toBe(true);
  });
});

describe.each(SERVERS)("unknown fields: the spec and %s refuse none; the client refuses them as its own policy", (kind: ServerKind) => {
  it.each(Object.keys(valid) as CheckedOperation[])("%s", async (operationId) => {
    const body = { ...valid[operationId], loginName: "jsmith" };
    const answer = await callServer(await startServer(kind, world), operationId, { body });
    expect(answer.status).toBe(200);
    expect(answer.violations).toEqual([]);
    expect(compileSchema(requestSchema(spec, operationId))(body)).toBe(true);
    expect(requestSchemaErrors(operations[operationId].body, body)).toEqual([]);
    // Update Config is open: the spec names none of its configuration fields.
    expect(clientAccepts(operationId, body)).toBe(operationId === "updateConfig");
    expect(clientAccepts(operationId, body, { allowUnknownFields: true })).toBe(true);
  });
});

it("the client names the unknown field", () => {
  expect(() => assertValidRequest("createUser", { ...valid.createUser, loginName: "jsmith" })).toThrow(/loginName is not a field of this request/);
});
