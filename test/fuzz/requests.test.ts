import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { EcgridValidationError } from "../../src/index.js";
import { assertValidRequest, type CheckedOperation } from "../../src/request-checks.js";
import { callMock } from "../support/mock.js";
import { loadSpec, requestSchema, type Json } from "../support/spec.js";
import { bodyWithUnknownField, FUZZ, invalidBody, validBody, type Case } from "./arbitraries.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

/** Every operation that takes a body; Create User and List Users get the full run, the others a third. */
const checked = (Object.keys(operations) as CheckedOperation[]).filter((id) => operations[id].body !== undefined);
const runsFor = (operation: CheckedOperation) => ({ ...FUZZ, numRuns: operation === "createUser" || operation === "listUsers" ? FUZZ.numRuns : Math.ceil(FUZZ.numRuns / 3) });

/** Whether the client's request check accepts the body. */
function clientAccepts(operation: CheckedOperation, body: unknown, options?: { allowUnknownFields?: boolean }): boolean {
  try {
    assertValidRequest(operation, body, options);
    return true;
  } catch (error) {
    if (error instanceof EcgridValidationError) return false;
    throw error;
  }
}

/** Whether Prism's validation accepts the body: 200 with no violation, or 400 with one. */
async function prismAccepts(operation: CheckedOperation, body: unknown): Promise<boolean> {
  const { status, violations } = await callMock(operation, { body });
  if (status === 200 && violations.length === 0) return true;
  if (status === 400 && violations.length > 0) return false;
  throw new Error(`Prism answered ${status} with ${JSON.stringify(violations)}`);
}

describe("createUser: the two agree on any email and any password, whatever the verdict", () => {
  it("on RFC-style addresses and arbitrary strings", async () => {
    const anyString = fc.oneof(fc.emailAddress(), fc.string(), fc.string({ unit: "grapheme" }));
    await fc.assert(
      fc.asyncProperty(anyString, anyString, async (email, password) => {
        const body = { login: "jsmith", email, password };
        const [client, prism] = [clientAccepts("createUser", body), await prismAccepts("createUser", body)];
        expect(client, JSON.stringify(body)).toBe(prism);
      }),
      FUZZ,
    );
  });
});

describe.each(checked)("%s: the client's check and Prism's validation agree on every rule of the spec", (operation) => {
  it("on bodies the spec accepts (nulls included): both accept", async () => {
    await fc.assert(
      fc.asyncProperty(validBody(requestSchema(spec, operation)), async (body) => {
        const [client, prism] = [clientAccepts(operation, body), await prismAccepts(operation, body)];
        expect({ client, prism }, JSON.stringify(body)).toEqual({ client: true, prism: true });
      }),
      runsFor(operation),
    );
  });

  it("on bodies that break exactly one rule: both refuse", async () => {
    await fc.assert(
      fc.asyncProperty(invalidBody(requestSchema(spec, operation)), async ({ body, broken }: Case) => {
        const [client, prism] = [clientAccepts(operation, body), await prismAccepts(operation, body)];
        expect({ client, prism }, `${broken}: ${JSON.stringify(body)}`).toEqual({ client: false, prism: false });
      }),
      runsFor(operation),
    );
  });

  it("on a field the spec does not list, the documented exception: Prism accepts, the client refuses by policy unless allowUnknownFields", async () => {
    const open = requestSchema(spec, operation).additionalProperties === true;
    await fc.assert(
      fc.asyncProperty(bodyWithUnknownField(requestSchema(spec, operation)), async ({ body, broken }: Case) => {
        const verdicts = { prism: await prismAccepts(operation, body), client: clientAccepts(operation, body), allowing: clientAccepts(operation, body, { allowUnknownFields: true }) };
        expect(verdicts, `${broken}: ${JSON.stringify(body)}`).toEqual({ prism: true, client: open, allowing: true });
      }),
      runsFor(operation),
    );
  });
});
