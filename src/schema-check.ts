/**
 * Checks a value against a request schema of the spec, as Ajv (draft 2020-12, ajv-formats), the
 * validator Prism uses, does for the keywords the spec's request schemas use. The schemas come
 * as data from generated/request-schemas.ts; this walker is a fraction of the bytes of Ajv's
 * standalone code for them. The fuzz suite holds it to Prism's verdicts.
 */

/** A JSON Schema, as far as the spec's request schemas go (generate.mjs refuses anything else). */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  /** Only `true` (an open schema) is used, and it checks nothing. */
  readonly additionalProperties?: true;
  /** The name of a shared schema. */
  readonly $ref?: string;
  readonly anyOf?: readonly JsonSchema[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
}

/** One broken rule, in the shape Ajv reports it. */
export interface SchemaError {
  /** Where, as a JSON pointer: `/password`, or `` for the body. */
  instancePath: string;
  /** The keyword broken: `required`, `type`, `enum`, `pattern`, … */
  keyword: string;
  /** Ajv's parameters of the keyword: `missingProperty`, `type`, `allowedValues`, `limit`, … */
  params: Record<string, unknown>;
}

/** What the walker needs besides the schema: the shared schemas `$ref` names, and format patterns. */
export interface SchemaContext {
  shared: Readonly<Record<string, JsonSchema>>;
  formats: Readonly<Record<string, RegExp>>;
}

const patterns = new Map<string, RegExp>();

/** Whether `value` is of JSON type `type`, by Ajv's tests (which count Infinity as an integer). */
function isType(type: string, value: unknown): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "integer":
      return typeof value === "number" && !(value % 1) && !Number.isNaN(value);
    case "number":
      return typeof value === "number";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}


/**
 * Every rule `value` breaks, in Ajv's order: `$ref`, `type`, then the keywords of numbers, of
 * strings and of objects (each only for a value of that JSON type), then `enum`, `anyOf`. These
 * are the keywords the spec's request schemas use; generate.mjs refuses a spec that uses another.
 */
export function schemaErrors(schema: JsonSchema, value: unknown, context: SchemaContext, path = ""): SchemaError[] {
  const errors: SchemaError[] = [];
  const fail = (keyword: string, params: Record<string, unknown>, at = path) => errors.push({ instancePath: at, keyword, params });
  if (schema.$ref !== undefined) {
    const target = context.shared[schema.$ref];
    if (target === undefined) throw new Error(`The request checks know no schema ${schema.$ref}.`);
    errors.push(...schemaErrors(target, value, context, path));
  }
  if (schema.type !== undefined && ![schema.type].flat().some((t) => isType(t, value))) fail("type", { type: schema.type });
  if (typeof value === "number" && schema.minimum !== undefined && !(value >= schema.minimum)) fail("minimum", { comparison: ">=", limit: schema.minimum });
  if (typeof value === "string") {
    if (schema.pattern !== undefined) {
      let pattern = patterns.get(schema.pattern);
      if (pattern === undefined) patterns.set(schema.pattern, (pattern = new RegExp(schema.pattern, "u")));
      if (!pattern.test(value)) fail("pattern", { pattern: schema.pattern });
    }
    const format = schema.format === undefined ? undefined : context.formats[schema.format];
    if (format !== undefined && !format.test(value)) fail("format", { format: schema.format });
  }
  if (isType("object", value)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (record[name] === undefined) fail("required", { missingProperty: name });
    for (const [name, inner] of Object.entries(schema.properties ?? {})) {
      if (record[name] !== undefined) errors.push(...schemaErrors(inner, record[name], context, `${path}/${name}`));
    }
  }
  // Only primitive values are allowed here (generate.mjs refuses others), so === is Ajv's equality.
  if (schema.enum !== undefined && !schema.enum.includes(value)) fail("enum", { allowedValues: schema.enum });
  if (schema.anyOf !== undefined) {
    const branches = schema.anyOf.map((branch) => schemaErrors(branch, value, context, path));
    if (!branches.some((b) => b.length === 0)) errors.push(...branches.flat(), { instancePath: path, keyword: "anyOf", params: {} });
  }
  return errors;
}
