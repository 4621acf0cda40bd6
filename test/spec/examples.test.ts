import { beforeAll, describe, expect, it } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import { createUserAuthLevelValues } from "../../generated/schema.js";
import { docsJson, docsPages, seedJson } from "../support/mock.js";
import { compileSchema, examplesOf, loadSpec, operationOf, requestSchema, type Json } from "../support/spec.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

const operationIds = Object.keys(operations) as OperationId[];
const bodyOperations = operationIds.filter((id) => operations[id].body !== undefined);

/** Every schema object in a JSON value, with its JSON pointer. */
function* schemasIn(node: Json, pointer = ""): Generator<[string, Json]> {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) yield* schemasIn(v, `${pointer}/${i}`);
    return;
  }
  if (node === null || typeof node !== "object") return;
  if ("type" in node || "enum" in node || "const" in node || "anyOf" in node || "properties" in node) yield [pointer, node];
  for (const [k, v] of Object.entries<Json>(node)) if (k !== "example" && k !== "examples" && k !== "value") yield* schemasIn(v, `${pointer}/${k}`);
}

describe("the source documents' JSON is in the spec verbatim", () => {
  it.each([
    { seed: "create-user", operationId: "createUser" },
    { seed: "list-users", operationId: "listUsers" },
  ] as const)("seed $seed: request and 200 response are the `seed` examples", ({ seed, operationId }) => {
    const [request, response, ...rest] = seedJson(seed);
    expect(rest).toEqual([]);
    expect(examplesOf(spec, operationId, "request").seed?.value).toStrictEqual(request);
    expect(examplesOf(spec, operationId, 200).seed?.value).toStrictEqual(response);
  });

  it.each(Object.entries(docsPages))("page of %s: its examples are the `docs` examples, served first", (operationId, page) => {
    const blocks = docsJson(page);
    const takesBody = operations[operationId as OperationId].body !== undefined;
    expect(blocks).toHaveLength(takesBody ? 2 : 1);
    if (takesBody) expect(examplesOf(spec, operationId, "request").docs?.value).toStrictEqual(blocks[0]);
    const responses = examplesOf(spec, operationId, 200);
    expect(responses.docs?.value).toStrictEqual(blocks.at(-1));
    // Prism serves the first named example: the page's own.
    expect(Object.keys(responses)[0]).toBe("docs");
  });
});

describe("every named example conforms to its schema (checked by Ajv, as Prism does)", () => {
  it("has examples for every request, success and documented error body", () => {
    let checked = 0;
    for (const operationId of operationIds) {
      const op = operationOf(spec, operationId);
      const media = [op.requestBody?.content["application/json"], ...Object.values<Json>(op.responses).map((r) => r.content?.["application/json"])];
      for (const m of media.filter(Boolean)) {
        const validate = compileSchema(m.schema);
        const names = Object.keys(m.examples ?? {});
        expect(names.length, `${operationId}: a body without examples`).toBeGreaterThan(0);
        for (const name of names) {
          expect(validate(m.examples[name].value), `${operationId} example ${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
          checked++;
        }
      }
    }
    // 16 operations, each with 8 error examples at least, a success and most a request.
    expect(checked).toBeGreaterThan(16 * 10);
  });
});

describe("the spec describes the server, not a stricter one", () => {
  it("refuses no unknown request field, and says so explicitly where the docs name none (update-config)", () => {
    for (const id of bodyOperations) expect(requestSchema(spec, id).additionalProperties, id).not.toBe(false);
    expect(spec.components.schemas.UpdateConfigRequest.additionalProperties).toBe(true);
  });

  it.each(bodyOperations)("%s: every optional request field accepts null; no required one does", (operationId) => {
    const schema = requestSchema(spec, operationId);
    const base = Object.values(examplesOf(spec, operationId, "request"))[0]!.value;
    const validate = compileSchema(schema);
    for (const field of Object.keys(schema.properties)) {
      const required = (schema.required ?? []).includes(field);
      expect(validate({ ...base, [field]: null }), `${operationId}.${field}: null`).toBe(!required);
    }
  });

  it("accepts null for the optional response fields, and unknown fields and enum values", () => {
    const s = spec.components.schemas;
    const user = examplesOf(spec, "getUser", 200).docs!.value.data;
    expect(compileSchema(s.UserIDInfo)({ ...user, firstName: null, lastName: null })).toBe(true);
    expect(compileSchema(s.UserIDInfo)({ ...user, firstName: undefined, lastName: undefined })).toBe(true);
    expect(compileSchema(s.UserEnvelope)({ success: true, errorCode: null, message: null, data: user })).toBe(true);
    expect(compileSchema(s.UserEnvelope)({ success: true, data: { ...user, phone: "+1 555 0100", authLevel: "SuperAdmin", status: "Archived" } })).toBe(true);
    expect(compileSchema(s.ErrorEnvelope)({ success: false, errorCode: "SomeNewCode", message: "m", data: null, traceId: "t" })).toBe(true);
    expect(compileSchema(s.BooleanEnvelope)({ success: true, data: false })).toBe(true);
  });

  it("refuses NoChange on create only: CreateUserAuthLevel is AuthLevel without it", () => {
    const s = spec.components.schemas;
    expect(s.CreateUserAuthLevel.enum).toEqual(s.AuthLevel.enum.filter((l: string) => l !== "NoChange"));
    expect(createUserAuthLevelValues).toEqual(s.CreateUserAuthLevel.enum);
    expect(compileSchema(requestSchema(spec, "createUser"))({ login: "a", password: "Passw0rd!", email: "a@b.co", authLevel: "NoChange" })).toBe(false);
    expect(compileSchema(requestSchema(spec, "setRole"))({ userId: 1, authLevel: "NoChange" })).toBe(true);
    expect(compileSchema(requestSchema(spec, "listUsers"))({ authLevel: "NoChange" })).toBe(true);
  });

  it("gives every enum value a description", () => {
    for (const name of ["AuthLevel", "CreateUserAuthLevel", "Status", "ErrorCode"]) {
      const schema = spec.components.schemas[name];
      expect(Object.keys(schema["x-enumDescriptions"]), name).toEqual(schema.enum);
    }
    expect(spec.components.schemas.AuthLevel.enum).toHaveLength(10);
    expect(spec.components.schemas.Status.enum).toHaveLength(5);
  });
});

describe("secrets", () => {
  it("marks every password request field and every secret result with format: password", () => {
    const secretFields = Object.fromEntries(bodyOperations.map((id) => [id, Object.entries<Json>(requestSchema(spec, id).properties).filter(([, p]) => p.format === "password").map(([k]) => k)]));
    expect(Object.fromEntries(Object.entries(secretFields).filter(([, v]) => v.length > 0))).toEqual({ createUser: ["password"], updatePassword: ["newPassword"] });
    const secretResults = operationIds.filter((id) => operations[id].secretResult);
    expect(secretResults.sort()).toEqual(["generateApiKey", "generatePassword", "getApiKey"]);
    for (const id of secretResults) expect(operationOf(spec, id).responses["200"].content["application/json"].schema.allOf[1].properties.data.format).toBe("password");
  });
});

describe("portable to other generators", () => {
  it("gives every const and enum a type (orval reads `const: true` without one as the string 'true')", () => {
    const untyped = [...schemasIn(spec)].filter(([, s]) => ("const" in s || "enum" in s) && s.type === undefined).map(([p]) => p);
    expect(untyped).toEqual([]);
    expect(spec.components.schemas.SuccessEnvelope.properties.success).toMatchObject({ type: "boolean", const: true });
  });

  it("uses no writeOnly, readOnly or 3.0 nullable (generators drop or misread them)", () => {
    const found = [...schemasIn(spec)].filter(([, s]) => "writeOnly" in s || "readOnly" in s || "nullable" in s).map(([p]) => p);
    expect(found).toEqual([]);
  });

  it("names no component schema as a generator names an operation's types (hey-api would rename it)", () => {
    const taken = operationIds.flatMap((id) => ["Data", "Error", "Errors", "Response", "Responses"].map((suffix) => `${id.charAt(0).toUpperCase()}${id.slice(1)}${suffix}`));
    expect(Object.keys(spec.components.schemas).filter((name) => taken.includes(name))).toEqual([]);
  });
});
