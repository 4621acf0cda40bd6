import { validateCreateUserRequest, validateListUsersRequest, type RequestCheck, type RequestCheckError } from "../generated/request-validators.js";
import { EcgridValidationError, type ValidationIssue } from "./errors.js";

/** The operations whose bodies are checked, with the check compiled from the spec for each. */
const checks = {
  createUser: validateCreateUserRequest,
  listUsers: validateListUsersRequest,
} satisfies Record<string, RequestCheck>;

/** An operation whose request body the client checks. */
export type CheckedOperation = keyof typeof checks;

/**
 * Throws {@link EcgridValidationError} listing every rule of the spec that `body` breaks.
 * The rules live in generated/request-validators.ts, compiled from openapi/openapi.yaml.
 */
export function assertValidRequest(operation: CheckedOperation, body: unknown): void {
  const check = checks[operation];
  const issues: ValidationIssue[] = [];
  if (!check(body)) issues.push(...(check.errors ?? []).map((error) => toIssue(error, body)));
  issues.push(...nonFiniteNumbers(body));
  if (issues.length > 0) throw new EcgridValidationError(operation, issues);
}

function toIssue(error: RequestCheckError, body: unknown): ValidationIssue {
  const field = error.instancePath.replace(/^\//, "").replaceAll("/", ".");
  const params = error.params;
  switch (error.keyword) {
    case "required":
      return issue(String(params.missingProperty), "is required");
    case "additionalProperties":
      return issue(String(params.additionalProperty), "is not a field of this request");
    case "type":
      return issue(field, params.type === "integer" ? "must be an integer" : `must be of type ${String(params.type)}`);
    case "enum":
      return issue(field, `must be one of ${(params.allowedValues as unknown[]).join(", ")}`);
    case "format":
      return issue(field, params.format === "email" ? "must be a valid email address" : `must be in ${String(params.format)} format`);
    case "minimum":
      return issue(field, `must be ${String(params.comparison)} ${String(params.limit)}`);
    case "pattern":
      return issue(field, describePattern(String(params.pattern), valueAt(body, field)));
    default:
      return issue(field, error.message ?? `breaks the ${error.keyword} rule`);
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
 * JSON has no Infinity or NaN: JSON.stringify would send them as null. Ajv treats Infinity as
 * an integer, so this rule is checked here.
 */
function nonFiniteNumbers(body: unknown): ValidationIssue[] {
  if (typeof body !== "object" || body === null) return [];
  return Object.entries(body)
    .filter(([, value]) => typeof value === "number" && !Number.isFinite(value) && !Number.isNaN(value))
    .map(([key]) => issue(key, "must be a finite number"));
}
