import fc from "fast-check";
import type { Json } from "../support/spec.js";

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

/** Values that conform to one property schema of the spec. */
export function valid(schema: Json): fc.Arbitrary<unknown> {
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
  const out: fc.Arbitrary<[string, unknown]>[] = [fc.constantFrom<[string, unknown]>(["type", true], ["type", null], ["type", [1]], ["type", { a: 1 }])];
  if (schema.type === "integer") {
    out.push(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)).map((n): [string, unknown] => ["type (not an integer)", n]));
    out.push(fc.integer().map((n): [string, unknown] => ["type (a numeric string)", String(n)]));
    if (schema.minimum !== undefined) out.push(fc.integer({ max: (schema.minimum as number) - 1 }).map((n): [string, unknown] => ["minimum", n]));
  }
  if (schema.type === "string") {
    out.push(fc.integer().map((n): [string, unknown] => ["type (a number)", n]));
    if (schema.enum) out.push(printable.filter((s) => !(schema.enum as unknown[]).includes(s)).map((s): [string, unknown] => ["enum", s]));
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern as string, "u");
      out.push(printable.filter((s) => !pattern.test(s)).map((s): [string, unknown] => ["pattern", s]));
    }
    if (schema.format === "email") out.push(printable.filter((s) => !s.includes("@")).map((s): [string, unknown] => ["format", s]));
  }
  return out;
}

/** Bodies that conform to an object schema: every required field, any subset of the others. */
export function validBody(schema: Json): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties as Record<string, Json>;
  const required = (schema.required ?? []) as string[];
  return fc.record(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valid(s)])), { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A valid body with exactly one rule broken: a field's value, a missing required field, or an unknown field. */
export function invalidBody(schema: Json): fc.Arbitrary<Case> {
  const props = schema.properties as Record<string, Json>;
  const required = (schema.required ?? []) as string[];
  const options: fc.Arbitrary<Case>[] = Object.entries(props).map(([name, s]) =>
    fc.tuple(validBody(schema), fc.oneof(...breaking(s))).map(([body, [rule, value]]) => ({ body: { ...body, [name]: value }, broken: `${name}: ${rule}` })),
  );
  for (const name of required) options.push(validBody(schema).map((body) => ({ body: Object.fromEntries(Object.entries(body).filter(([k]) => k !== name)), broken: `${name}: required` })));
  const unknownKey = fc.stringMatching(/^[a-zA-Z]{1,12}$/).filter((k) => !(k in props));
  options.push(fc.tuple(validBody(schema), unknownKey, fc.jsonValue()).map(([body, key, value]) => ({ body: { ...body, [key]: value }, broken: `${key}: additionalProperties` })));
  return fc.oneof(...options);
}
