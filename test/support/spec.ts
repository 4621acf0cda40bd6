import { join } from "node:path";
import { bundle, loadConfig } from "@redocly/openapi-core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { ValidateFunction } from "ajv";

const root = join(import.meta.dirname, "..", "..");
// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A JSON value of the spec, loosely typed: tests walk into it and assert what they find. */
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** openapi/openapi.yaml with every $ref resolved, as Prism and the docs see it. */
export async function loadSpec(): Promise<Json> {
  const config = await loadConfig({ configPath: join(root, "redocly.yaml") });
  const result = await bundle({ ref: join(root, "openapi", "openapi.yaml"), config, dereference: true });
  return result.bundle.parsed;
}

/** Compiles a schema of the spec with the same Ajv draft and formats that Prism uses. */
export function compileSchema(schema: Json): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** An operation of the spec, found by operationId. */
export function operationOf(spec: Json, operationId: string): Json {
  for (const item of Object.values<Json>(spec.paths)) {
    for (const method of ["get", "post", "put", "delete"]) if (item[method]?.operationId === operationId) return item[method];
  }
  throw new Error(`no operation ${operationId} in the spec`);
}

/** The schema of an operation's JSON response for a status. */
export function responseSchema(spec: Json, operationId: string, status: number): Json {
  return operationOf(spec, operationId).responses[String(status)].content["application/json"].schema;
}

/** The schema of an operation's JSON request body. */
export function requestSchema(spec: Json, operationId: string): Json {
  return operationOf(spec, operationId).requestBody.content["application/json"].schema;
}

/** The named examples of an operation's JSON request or response. */
export function examplesOf(spec: Json, operationId: string, where: "request" | number): Record<string, { value: Json }> {
  const op = operationOf(spec, operationId);
  const media = where === "request" ? op.requestBody.content["application/json"] : op.responses[String(where)].content["application/json"];
  return media.examples;
}

/**
 * The error statuses every operation documents, each with the `errorCode` of its first example
 * in `openapi/components/responses/` (the contract suite gets each from the mock, so a change
 * in the spec fails there first).
 */
export const DOCUMENTED_ERRORS = [
  [400, "InvalidParameter"],
  [401, "InvalidAPIKey"],
  [403, "AccessDenied"],
  [404, "ObjectNotFound"],
  [429, "RateLimitExceeded"],
  [500, "InternalError"],
  [503, "ServiceUnavailable"],
] as const;
