import { operations, type OperationId } from "../generated/operations.js";
import { requestTables, type RequestSchemaName } from "../generated/request-schemas.js";
import { EcgridValidationError, type ValidationIssue } from "./errors.js";
import { schemaErrors, type SchemaError } from "./schema-check.js";

/** An operation that takes a request body, which the client checks before sending. */
export type CheckedOperation = { [K in OperationId]: (typeof operations)[K]["body"] extends undefined ? never : K }[OperationId];

/** Options of {@link assertValidRequest}. */
export interface RequestCheckOptions {
  /**
   * Send fields the spec does not list. The spec refuses none (ECGrid may add optional fields at
   * any time), but by default the client refuses them as its own policy, to catch typos such as
   * `loginName` for `login`. Schemas the spec leaves open (Update Config) never refuse them.
   */
  allowUnknownFields?: boolean | undefined;
}

/**
 * Every rule of the spec that `body` breaks, as Ajv (which Prism uses) reports them: the spec's
 * own verdict, without the client's policy on unknown fields.
 */
export function requestSchemaErrors(schema: RequestSchemaName, body: unknown): SchemaError[] {
  const { schemas, shared, formats } = requestTables();
  return schemaErrors(schemas[schema], body, { shared, formats });
}

/**
 * Throws {@link EcgridValidationError} listing every rule of the spec that `body` breaks, and,
 * unless `allowUnknownFields`, every field the request schema does not list. `target` is an
 * operationId (`"createUser"`) or a request schema's name (`"CreateUserRequest"`). The rules
 * live in generated/request-schemas.ts, generated from openapi/openapi.yaml.
 */
export function assertValidRequest(target: CheckedOperation | RequestSchemaName, body: unknown, options: RequestCheckOptions = {}): void {
  const isSchema = target in requestTables().schemas;
  const schema: RequestSchemaName = isSchema ? (target as RequestSchemaName) : operations[target as CheckedOperation].body;
  const issues: ValidationIssue[] = relevant(requestSchemaErrors(schema, body)).map((error) => toIssue(error, body));
  if (options.allowUnknownFields !== true) issues.push(...unknownFields(schema, body));
  issues.push(...nonFiniteNumbers(body));
  if (issues.length > 0) throw new EcgridValidationError(isSchema ? operationOf(schema) : target, issues);
}

/** The operation whose body a schema is, for messages that name the call. */
function operationOf(schema: RequestSchemaName): string {
  return Object.entries(operations).find(([, op]) => op.body === schema)?.[0] ?? schema;
}

/**
 * A nullable field is `anyOf: [rule, {type: "null"}]` or `type: [x, "null"]`. When its value
 * breaks the rule, Ajv also reports that it is not null and that no branch of the anyOf matched:
 * neither says more than the rule itself, so both are dropped.
 */
function relevant(errors: SchemaError[]): SchemaError[] {
  const kept = errors.filter((e) => !(e.keyword === "type" && e.params.type === "null"));
  return kept.filter((e) => e.keyword !== "anyOf" || !kept.some((o) => o.keyword !== "anyOf" && o.instancePath === e.instancePath));
}

/** Fields the schema does not list; a field set to undefined is never sent, so never judged. */
function unknownFields(schema: RequestSchemaName, body: unknown): ValidationIssue[] {
  const known = requestTables().fields[schema];
  if (known === "open" || typeof body !== "object" || body === null || Array.isArray(body)) return [];
  return Object.entries(body)
    .filter(([key, value]) => value !== undefined && !known.includes(key))
    .map(([key]) => issue(key, "is not a field of this request"));
}

function toIssue(error: SchemaError, body: unknown): ValidationIssue {
  const field = error.instancePath.replace(/^\//, "").replaceAll("/", ".");
  const params = error.params;
  switch (error.keyword) {
    case "required":
      return issue(String(params.missingProperty), "is required");
    case "type": {
      // `null` is allowed in optional fields, but never what the caller meant to send.
      const types = [params.type].flat().filter((t) => t !== "null");
      return issue(field, types.length === 1 && types[0] === "integer" ? "must be an integer" : `must be of type ${types.join(" or ")}`);
    }
    case "enum":
      return issue(field, `must be one of ${(params.allowedValues as unknown[]).join(", ")}`);
    case "format":
      return issue(field, params.format === "email" ? "must be a valid email address" : `must be in ${String(params.format)} format`);
    case "minimum":
      return issue(field, `must be ${String(params.comparison)} ${String(params.limit)}`);
    case "pattern":
      return issue(field, describePattern(String(params.pattern), valueAt(body, field)));
    default:
      return issue(field, `breaks the ${error.keyword} rule`);
  }
}

function issue(path: string, rule: string): ValidationIssue {
  return { path, message: path === "" ? `the request body ${rule}` : `${path} ${rule}` };
}

function valueAt(body: unknown, field: string): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[field] : undefined;
}

/** Words for the character classes that patterns in this API require. */
const classNames: Record<string, string> = {
  "[a-z]": "a lowercase letter",
  "[A-Z]": "an uppercase letter",
  "\\d": "a digit",
  "[0-9]": "a digit",
  "[^a-zA-Z0-9]": "a special character",
};

/**
 * Explains a failed pattern. For a pattern made of `(?=.*X)` lookaheads (the password rule), it
 * names the classes the value lacks, read from the pattern itself, so a change to the spec's
 * pattern changes the message too. The value is only tested, never quoted.
 */
function describePattern(pattern: string, value: unknown): string {
  const required = [...pattern.matchAll(/\(\?=\.\*([^()]+)\)/g)].map((m) => m[1] ?? "");
  if (typeof value === "string" && required.length > 0) {
    const missing = required.filter((cls) => !new RegExp(cls, "u").test(value));
    if (missing.length > 0) return `must contain at least ${missing.map((cls) => classNames[cls] ?? `one character matching ${cls}`).join(", ")}`;
  }
  return `must match the pattern ${pattern}`;
}

/**
 * JSON has no Infinity or NaN: JSON.stringify would send them as null. Ajv (and so the schema
 * check, which follows it) counts Infinity as an integer, so this rule is checked here.
 */
function nonFiniteNumbers(body: unknown): ValidationIssue[] {
  if (typeof body !== "object" || body === null) return [];
  return Object.entries(body)
    .filter(([, value]) => typeof value === "number" && !Number.isFinite(value) && !Number.isNaN(value))
    .map(([key]) => issue(key, "must be a finite number"));
}
