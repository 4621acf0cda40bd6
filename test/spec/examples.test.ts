import { beforeAll, describe, expect, it } from "vitest";
import { compileSchema, examplesOf, loadSpec, type Json } from "../support/spec.js";
import { seedJson } from "../support/mock.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

describe("the seeds' JSON is in the spec verbatim", () => {
  const cases = [
    { seed: "create-user", path: "/v2/users" },
    { seed: "list-users", path: "/v2/users/list" },
  ] as const;

  it.each(cases)("$seed: request and 200 response are the `seed` examples", ({ seed, path }) => {
    const [request, response, ...rest] = seedJson(seed);
    expect(rest).toEqual([]);
    expect(examplesOf(spec, path, "request").seed?.value).toStrictEqual(request);
    expect(examplesOf(spec, path, 200).seed?.value).toStrictEqual(response);
  });
});

describe("every named example conforms to its schema (checked by Ajv, as Prism does)", () => {
  it("has examples for every request, success and documented error body", () => {
    let checked = 0;
    for (const [path, item] of Object.entries<Json>(spec.paths)) {
      const op = item.post;
      const media = [op.requestBody.content["application/json"], ...Object.values<Json>(op.responses).map((r) => r.content?.["application/json"])];
      for (const m of media.filter(Boolean)) {
        const validate = compileSchema(m.schema);
        const names = Object.keys(m.examples ?? {});
        expect(names.length, `${path}: a body without examples`).toBeGreaterThan(0);
        for (const name of names) {
          expect(validate(m.examples[name].value), `${path} example ${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
          checked++;
        }
      }
    }
    // 2 create requests + 1 create success + 2 list... every example counted, none skipped.
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it("keeps request schemas strict and response schemas open to new fields", () => {
    const s = spec.components.schemas;
    expect(s.CreateUserRequest.additionalProperties).toBe(false);
    expect(s.ListUsersRequest.additionalProperties).toBe(false);
    const withNewField = { ...examplesOf(spec, "/v2/users", 200).seed!.value };
    withNewField.data = { ...withNewField.data, phone: "+1 555 0100", authLevel: "SuperAdmin", status: "Archived" };
    expect(compileSchema(s.CreateUserResponse)(withNewField)).toBe(true);
    expect(compileSchema(s.ErrorEnvelope)({ success: false, errorCode: "SomeNewCode", message: "m", data: null, traceId: "t" })).toBe(true);
  });

  it("gives every enum value a description", () => {
    for (const name of ["AuthLevel", "Status", "ErrorCode"]) {
      const schema = spec.components.schemas[name];
      expect(Object.keys(schema["x-enumDescriptions"]), name).toEqual(schema.enum);
    }
    expect(spec.components.schemas.AuthLevel.enum).toHaveLength(10);
    expect(spec.components.schemas.Status.enum).toHaveLength(5);
  });
});
