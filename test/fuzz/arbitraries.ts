import fc from "fast-check";
import type { Json } from "../support/spec.js";

/** Deterministic and bounded, so it fits in npm test. FUZZ_SEED and FUZZ_RUNS explore further. */
export const FUZZ = { seed: Number(process.env.FUZZ_SEED ?? 20261123), numRuns: Number(process.env.FUZZ_RUNS ?? 150) };

/** One body, and the rule it breaks (none for a valid one). */
export interface Case {
  body: Record<string, unknown>;
  broken: string | undefined;
}

const printable = fc.string({ unit: fc.constantFrom(..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~") });
/** Addresses any email check accepts: the spec's `format: email` must take them. */
const plainEmail = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[a-z]{1,12}$/), fc.constantFrom("com", "io", "org", "example"))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

/**
 * A nullable property schema is `anyOf: [X, {type: "null"}]` or `type: [T, "null"]`. Returns X
 * (or the schema with type T), and whether `null` is allowed.
 */
function unwrapNullable(schema: Json): { core: Json; nullable: boolean } {
  if (Array.isArray(schema.anyOf)) {
    const others = schema.anyOf.filter((s: Json) => s.type !== "null");
    if (others.length === 1 && others.length < schema.anyOf.length) return { core: others[0], nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const types = schema.type.filter((t: string) => t !== "null");
    if (types.length === 1) return { core: { ...schema, type: types[0] }, nullable: true };
  }
  return { core: schema, nullable: false };
}

/** Values that conform to one property schema of the spec. */
export function valid(schema: Json): fc.Arbitrary<unknown> {
  const { core, nullable } = unwrapNullable(schema);
  if (nullable) return fc.oneof(valid(core), fc.constant(null));
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.type === "integer") return schema.minimum === undefined ? fc.integer() : fc.integer({ min: schema.minimum as number });
  if (schema.type === "string") {
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern as string, "u");
      return printable.filter((s) => pattern.test(s));
    }
    if (schema.format === "email") return plainEmail;
    return printable;
  }
  throw new Error(`no generator for ${JSON.stringify(schema)}`);
}

/** Values that break exactly one rule of a property schema, each named by the rule. */
function breaking(schema: Json): fc.Arbitrary<[string, unknown]>[] {
  const { core, nullable } = unwrapNullable(schema);
  const wrongTypes: [string, unknown][] = [["type", true], ["type", [1]], ["type", { a: 1 }]];
  if (!nullable) wrongTypes.push(["type (null in a required field)", null]);
  const out: fc.Arbitrary<[string, unknown]>[] = [fc.constantFrom<[string, unknown]>(...wrongTypes)];
  if (core.type === "integer") {
    out.push(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)).map((n): [string, unknown] => ["type (not an integer)", n]));
    out.push(fc.integer().map((n): [string, unknown] => ["type (a numeric string)", String(n)]));
    if (core.minimum !== undefined) out.push(fc.integer({ max: (core.minimum as number) - 1 }).map((n): [string, unknown] => ["minimum", n]));
  }
  if (core.type === "string") {
    out.push(fc.integer().map((n): [string, unknown] => ["type (a number)", n]));
    if (core.enum) out.push(printable.filter((s) => !(core.enum as unknown[]).includes(s)).map((s): [string, unknown] => ["enum", s]));
    if (core.pattern) {
      const pattern = new RegExp(core.pattern as string, "u");
      out.push(printable.filter((s) => !pattern.test(s)).map((s): [string, unknown] => ["pattern", s]));
    }
    if (core.format === "email") out.push(printable.filter((s) => !s.includes("@")).map((s): [string, unknown] => ["format", s]));
  }
  return out;
}

/** A key the object schema does not list. */
const unknownKey = (schema: Json) => fc.stringMatching(/^[a-zA-Z]{1,12}$/).filter((k) => !(k in (schema.properties as object)));

/**
 * Bodies that conform to an object schema: every required field, any subset of the others, and,
 * where the schema is open (`additionalProperties: true`), any other fields.
 */
export function validBody(schema: Json): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties as Record<string, Json>;
  const required = (schema.required ?? []) as string[];
  const known = fc.record(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valid(s)])), { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
  if (schema.additionalProperties !== true) return known;
  return fc.tuple(fc.dictionary(unknownKey(schema), fc.jsonValue(), { maxKeys: 3 }), known).map(([extra, body]) => ({ ...extra, ...body }));
}

/** A valid body with exactly one rule of the spec broken: a field's value, or a missing required field. */
export function invalidBody(schema: Json): fc.Arbitrary<Case> {
  const props = schema.properties as Record<string, Json>;
  const required = (schema.required ?? []) as string[];
  const options: fc.Arbitrary<Case>[] = Object.entries(props).map(([name, s]) =>
    fc.tuple(validBody(schema), fc.oneof(...breaking(s))).map(([body, [rule, value]]) => ({ body: { ...body, [name]: value }, broken: `${name}: ${rule}` })),
  );
  for (const name of required) options.push(validBody(schema).map((body) => ({ body: Object.fromEntries(Object.entries(body).filter(([k]) => k !== name)), broken: `${name}: required` })));
  return fc.oneof(...options);
}

/** A valid body plus one field the schema does not list: the spec accepts it; the client refuses it by policy. */
export function bodyWithUnknownField(schema: Json): fc.Arbitrary<Case> {
  return fc.tuple(validBody(schema), unknownKey(schema), fc.jsonValue()).map(([body, key, value]) => ({ body: { ...body, [key]: value }, broken: `${key}: not listed` }));
}
