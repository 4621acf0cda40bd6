import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createEcgridClient, isEcgridError } from "../../src/index.js";
import { SECRET_KEY, validCreate } from "../support/fake-fetch.js";
import { loadSpec, type Json } from "../support/spec.js";
import { valid } from "./arbitraries.js";
import { FUZZ } from "./arbitraries.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

/** A client whose every answer is `status` with `body`, sent as is. */
const answering = (status: number, body: string) =>
  createEcgridClient({ apiKey: SECRET_KEY, maxRetries: 0, fetch: async () => new Response(body, { status, headers: { "content-type": "application/json" } }) });

/** Users that conform to UserIDInfo, with fields and enum values a later API version could add. */
function conformingUser(): fc.Arbitrary<Record<string, unknown>> {
  const schema = spec.components.schemas.UserIDInfo;
  const fields = Object.fromEntries(
    Object.entries<Json>(schema.properties).map(([name, s]) => {
      if (s.anyOf) return [name, fc.oneof(valid(s.anyOf[0]), fc.string())];
      if (s.format === "date-time") return [name, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())];
      return [name, valid(s)];
    }),
  );
  const known = new Set(Object.keys(schema.properties));
  const extra = fc.dictionary(fc.stringMatching(/^x[A-Za-z]{1,8}$/).filter((k) => !known.has(k)), fc.jsonValue(), { maxKeys: 3 });
  return fc.tuple(fc.record(fields, { requiredKeys: schema.required }), extra).map(([user, more]) => ({ ...more, ...user }));
}

/** JSON text that is hostile to a client: wrong types, missing fields, huge strings, deep nesting. */
const hostileBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify({ success: true, data: v })),
  fc.jsonValue().map((v) => JSON.stringify({ success: false, errorCode: v, message: v, data: v })),
  fc.record({ success: fc.jsonValue(), data: fc.jsonValue(), errorCode: fc.jsonValue() }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 1, max: 3_000_000 }).map((n) => JSON.stringify({ success: true, data: "x".repeat(n) })),
  fc.integer({ min: 1, max: 200_000 }).map((depth) => `{"success": false, "errorCode": "Deep", "data": ${"[".repeat(depth)}${"]".repeat(depth)}}`),
  fc.integer({ min: 1, max: 200_000 }).map((depth) => `{"success": true, "data": ${"[".repeat(depth)}${"]".repeat(depth)}}`),
  fc.string(),
  fc.string().map((s) => `{"success": true, "data": [${s}`),
);
const anyStatus = fc.constantFrom(200, 201, 202, 400, 401, 403, 404, 409, 418, 429, 500, 502, 503, 504, 599);

describe("responses", () => {
  it("that conform are passed through unchanged, unknown fields and enum values included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(conformingUser(), { maxLength: 30 }), async (users) => {
        expect(await answering(200, JSON.stringify({ success: true, data: users })).users.list()).toStrictEqual(users);
        if (users[0]) expect(await answering(200, JSON.stringify({ success: true, data: users[0] })).users.create(validCreate)).toStrictEqual(users[0]);
      }),
      FUZZ,
    );
  });

  it("that are hostile never make the client throw anything but an EcgridError", async () => {
    await fc.assert(
      fc.asyncProperty(anyStatus, hostileBody, fc.boolean(), async (status, body, create) => {
        const ecgrid = answering(status, body);
        try {
          await (create ? ecgrid.users.create(validCreate) : ecgrid.users.list());
        } catch (error) {
          expect(isEcgridError(error), `${status} ${body.slice(0, 200)} threw ${String(error)}`).toBe(true);
        }
      }),
      { ...FUZZ, numRuns: Math.min(FUZZ.numRuns, 100) },
    );
  });
});
