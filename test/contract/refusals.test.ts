import { beforeAll, describe, expect, it } from "vitest";
import { validateCreateUserRequest, validateListUsersRequest } from "../../generated/request-validators.js";
import { mockClient, violations } from "../support/mock.js";
import { compileSchema, loadSpec, type Json } from "../support/spec.js";

const valid = { login: "jsmith", password: "Passw0rd!", email: "jsmith@example.com" };

interface Case {
  name: string;
  path: "/v2/users" | "/v2/users/list";
  body: Record<string, unknown>;
  /** Where Prism reports the broken rule, under request.body. */
  field: string[];
  /** The JSON Schema keyword that refuses it. */
  rule: string;
}

const create = (name: string, body: Record<string, unknown>, field: string[], rule: string): Case => ({ name, path: "/v2/users", body, field, rule });
const list = (name: string, body: Record<string, unknown>, field: string[], rule: string): Case => ({ name, path: "/v2/users/list", body, field, rule });

const cases: Case[] = [
  create("password without a lowercase letter", { ...valid, password: "PASSW0RD!" }, ["password"], "pattern"),
  create("password without an uppercase letter", { ...valid, password: "passw0rd!" }, ["password"], "pattern"),
  create("password without a digit", { ...valid, password: "Password!" }, ["password"], "pattern"),
  create("password without a special character", { ...valid, password: "Passw0rd1" }, ["password"], "pattern"),
  create("empty password", { ...valid, password: "" }, ["password"], "pattern"),
  create("malformed email", { ...valid, email: "jsmith.example.com" }, ["email"], "format"),
  create("unknown authLevel", { ...valid, authLevel: "SuperUser" }, ["authLevel"], "enum"),
  create("missing login", { password: valid.password, email: valid.email }, [], "required"),
  create("missing password", { login: valid.login, email: valid.email }, [], "required"),
  create("missing email", { login: valid.login, password: valid.password }, [], "required"),
  create("fractional mailboxId", { ...valid, mailboxId: 101.5 }, ["mailboxId"], "type"),
  create("string mailboxId", { ...valid, mailboxId: "101" }, ["mailboxId"], "type"),
  create("string networkId", { ...valid, networkId: "1" }, ["networkId"], "type"),
  create("unknown field", { ...valid, loginName: "jsmith" }, [], "additionalProperties"),
  list("pageNo 0", { pageNo: 0 }, ["pageNo"], "minimum"),
  list("recordsPerPage 0", { recordsPerPage: 0 }, ["recordsPerPage"], "minimum"),
  list("unknown status", { status: "Deleted" }, ["status"], "enum"),
  list("unknown authLevel filter", { authLevel: "Admin" }, ["authLevel"], "enum"),
  list("fractional pageNo", { pageNo: 1.5 }, ["pageNo"], "type"),
  list("unknown field", { page: 2 }, [], "additionalProperties"),
];

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

const schemaOf = (path: Case["path"]) => spec.components.schemas[path === "/v2/users" ? "CreateUserRequest" : "ListUsersRequest"];
const generatedCheck = (path: Case["path"]) => (path === "/v2/users" ? validateCreateUserRequest : validateListUsersRequest);

/** Sends a body the types forbid, through the typed client. */
async function send(path: Case["path"], body: unknown): Promise<Response> {
  const client = mockClient();
  const result = path === "/v2/users" ? await client.POST(path, { body: body as never }) : await client.POST(path, { body: body as never });
  return result.response;
}

describe.each(cases)("$path refuses $name", ({ path, body, field, rule }) => {
  it("by Prism's validation, naming the field and the rule", async () => {
    const response = await send(path, body);
    expect(response.status).toBe(400);
    expect(violations(response)).toEqual([expect.objectContaining({ location: ["request", "body", ...field], code: rule, severity: "Error" })]);
  });

  it("by the spec's schema and by the generated check the client uses", () => {
    const bySchema = compileSchema(schemaOf(path));
    expect(bySchema(body)).toBe(false);
    expect(bySchema.errors?.map((e) => e.keyword)).toEqual([rule]);
    const check = generatedCheck(path);
    expect(check(body)).toBe(false);
    expect(check.errors?.map((e) => e.keyword)).toEqual([rule]);
  });
});

describe("bodies the spec accepts", () => {
  const accepted: [Case["path"], Record<string, unknown>][] = [
    ["/v2/users", valid],
    ["/v2/users", { ...valid, firstName: "", networkId: -1, mailboxId: 0, authLevel: "General" }],
    ["/v2/users/list", {}],
    ["/v2/users/list", { pageNo: 1, recordsPerPage: 1, status: "Terminated" }],
  ];
  it.each(accepted)("%s %j passes Prism, the schema and the generated check", async (path, body) => {
    const response = await send(path, body);
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
    expect(compileSchema(schemaOf(path))(body)).toBe(true);
    expect(generatedCheck(path)(body)).toBe(true);
  });
});

describe("authentication", () => {
  it("answers 401 InvalidAPIKey without X-API-Key", async () => {
    const { error, response } = await mockClient({ apiKey: undefined }).POST("/v2/users/list", { body: {} });
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ errorCode: "InvalidAPIKey" });
  });

  it("checks the key before the body", async () => {
    const { response } = await mockClient({ apiKey: undefined }).POST("/v2/users/list", { body: { pageNo: 0 } });
    expect(response.status).toBe(401);
  });
});
