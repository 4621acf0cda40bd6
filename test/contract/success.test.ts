import { beforeAll, describe, expect, it } from "vitest";
import { mockClient, seedJson, violations } from "../support/mock.js";
import { compileSchema, examplesOf, loadSpec, responseSchema, type Json } from "../support/spec.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

describe("Create User against the mock", () => {
  it("answers the seed request with the seed response, which conforms to the spec", async () => {
    const [request, response] = seedJson("create-user") as [Json, Json];
    const { data, error, response: raw } = await mockClient().POST("/v2/users", { body: request });
    expect(error).toBeUndefined();
    expect(raw.status).toBe(200);
    expect(violations(raw)).toEqual([]);
    expect(data).toStrictEqual(response);
    expect(compileSchema(responseSchema(spec, "/v2/users", 200))(data)).toBe(true);
    expect(data?.data.userId).toBe(1042);
  });

  it("accepts a request with only the required fields", async () => {
    const body = examplesOf(spec, "/v2/users", "request").requiredOnly!.value;
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
});

describe("List Users against the mock", () => {
  const validate = () => compileSchema(responseSchema(spec, "/v2/users/list", 200));

  it("answers the seed filter with the seed page, which conforms to the spec", async () => {
    const [request, response] = seedJson("list-users") as [Json, Json];
    const { data, response: raw } = await mockClient().POST("/v2/users/list", { body: request });
    expect(raw.status).toBe(200);
    expect(violations(raw)).toEqual([]);
    expect(data).toStrictEqual(response);
    expect(validate()(data)).toBe(true);
  });

  it("takes an empty filter", async () => {
    const { data, response } = await mockClient().POST("/v2/users/list", { body: {} });
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
    expect(data?.data).toHaveLength(2);
  });

  it.each(["lastPage", "emptyPage"])("serves the %s example on request", async (name) => {
    const { data, response } = await mockClient().POST("/v2/users/list", { body: { pageNo: 2, recordsPerPage: 2 }, headers: { Prefer: `example=${name}` } });
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
    expect(data).toStrictEqual(examplesOf(spec, "/v2/users/list", 200)[name]!.value);
    expect(validate()(data)).toBe(true);
    expect(data!.data.length).toBeLessThan(2);
  });
});
