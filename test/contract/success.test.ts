import { beforeAll, describe, expect, it } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import { callMock, docsJson, docsPages, mockClient, seedJson, violations } from "../support/mock.js";
import { compileSchema, examplesOf, loadSpec, responseSchema, type Json } from "../support/spec.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

/** Each operation with the request and the 200 body its source document shows. */
function documented(): { operationId: OperationId; request: unknown; response: unknown }[] {
  const [createRequest, createResponse] = seedJson("create-user");
  const [listRequest, listResponse] = seedJson("list-users");
  return [
    { operationId: "createUser", request: createRequest, response: createResponse },
    { operationId: "listUsers", request: listRequest, response: listResponse },
    ...Object.entries(docsPages).map(([operationId, page]) => {
      const blocks = docsJson(page);
      const takesBody = operations[operationId as OperationId].body !== undefined;
      return { operationId: operationId as OperationId, request: takesBody ? blocks[0] : undefined, response: blocks.at(-1) };
    }),
  ];
}

describe("every operation answers its documented request with its documented response", () => {
  it("covers all sixteen operations", () => {
    expect(documented().map((d) => d.operationId).sort()).toEqual(Object.keys(operations).sort());
  });

  it.each(documented())("$operationId", async ({ operationId, request, response }) => {
    const answer = await callMock(operationId, { id: 1042, body: request });
    expect(answer.status).toBe(200);
    expect(answer.violations).toEqual([]);
    expect(answer.body).toStrictEqual(response);
    expect(compileSchema(responseSchema(spec, operationId, 200))(answer.body)).toBe(true);
  });
});

describe("paths", () => {
  it("routes GET /v2/users/me to getMe, not to getUser with id 'me'", async () => {
    // Were `me` taken for `{id}`, Prism would refuse it as a non-integer id.
    const me = await callMock("getMe");
    expect(me.status).toBe(200);
    expect(me.violations).toEqual([]);
    const notAnId = await callMock("getUser", { id: "you" });
    expect(notAnId.status).toBe(400);
    expect(notAnId.violations).toEqual([expect.objectContaining({ location: ["request", "path", "id"], code: "type" })]);
  });

  it.each(Object.entries(operations).filter(([, op]) => op.pathParams.length > 0))("%s takes an integer id in its path", async (operationId) => {
    const answer = await callMock(operationId as OperationId, { id: 7 });
    expect(answer.status).toBe(200);
    expect(answer.violations).toEqual([]);
    expect((await callMock(operationId as OperationId, { id: "1.5" })).status).toBe(400);
  });
});

describe("Create User and List Users against the mock", () => {
  it("accepts a create with only the required fields", async () => {
    const body = examplesOf(spec, "createUser", "request").requiredOnly!.value;
    const { response } = await mockClient().POST("/v2/users", { body });
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
  });

  it("accepts a Bearer token instead of an API key", async () => {
    const { response } = await mockClient({ apiKey: undefined }).POST("/v2/users", {
      body: { login: "ajones", password: "S3cure#pass", email: "ajones@example.com" },
      headers: { Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig" },
    });
    expect(response.status).toBe(200);
  });

  it("takes an empty list filter", async () => {
    const { data, response } = await mockClient().POST("/v2/users/list", { body: {} });
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
    expect(data?.data).toHaveLength(2);
  });

  it.each(["lastPage", "emptyPage"])("serves the %s list example on request", async (name) => {
    const { data, response } = await mockClient().POST("/v2/users/list", { body: { pageNo: 2, recordsPerPage: 2 }, headers: { Prefer: `example=${name}` } });
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
    expect(data).toStrictEqual(examplesOf(spec, "listUsers", 200)[name]!.value);
    expect(data!.data.length).toBeLessThan(2);
  });

  it("serves a user with null names, which the response schema accepts", async () => {
    const answer = await callMock("createUser", { body: seedJson("create-user")[0], prefer: "example=noNames" });
    expect(answer.status).toBe(200);
    expect(answer.violations).toEqual([]);
    expect(answer.body).toMatchObject({ data: { firstName: null, lastName: null } });
    expect(compileSchema(responseSchema(spec, "createUser", 200))(answer.body)).toBe(true);
    expect(compileSchema(spec.components.schemas.UserIDInfo)({ ...(answer.body as { data: object }).data, firstName: undefined, lastName: undefined })).toBe(true);
  });
});
