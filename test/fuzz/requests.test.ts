import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { EcgridValidationError } from "../../src/index.js";
import { assertValidRequest, type CheckedOperation } from "../../src/request-checks.js";
import { createFakeEcgrid } from "../../src/testing/index.js";
import { callMock } from "../support/mock.js";
import { loadSpec, requestSchema, type Json } from "../support/spec.js";
import { checkAnswer } from "../testing/spec-check.js";
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

/** The client's message for a body it refuses, the rules of the spec only: what the fake must answer. */
function clientMessage(operation: CheckedOperation, body: unknown): string | undefined {
  try {
    assertValidRequest(operation, body, { allowUnknownFields: true });
    return undefined;
  } catch (error) {
    if (error instanceof EcgridValidationError) return error.issues.map((i) => i.message).join("; ");
    throw error;
  }
}

/** The fake, in-process, with user 1042 for the bodies that name it; reset before each body. */
const fake = createFakeEcgrid({ users: [{ userId: 1042, login: "jdoe" }] });

/**
 * The fake's refusal of a body on the rules of the spec: its InvalidParameter message, or undefined
 * when it did not refuse the body as invalid (it may still answer 403, 404 or DuplicateObject:
 * refusals of the request, not of the body). Every answer must conform to the spec.
 */
async function fakeRefusal(operation: CheckedOperation, body: unknown): Promise<string | undefined> {
  fake.reset();
  const { method, path } = operations[operation];
  const response = await fake.fetch(`http://localhost${path}`, { method, headers: { "x-api-key": "fuzz", "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  expect(await checkAnswer(operation, response.status, response.headers, text), text).toEqual([]);
  const answer = JSON.parse(text) as { errorCode?: string; message?: string };
  return response.status === 400 && answer.errorCode === "InvalidParameter" ? answer.message : undefined;
}

/** The one rule of the fake that refuses a body the spec accepts: a password length it cannot make (documented on Generate Password). */
const fakeOwnRule = (operation: CheckedOperation, body: Record<string, unknown>) =>
  operation === "generatePassword" && typeof body.length === "number" && (body.length < 4 || body.length > 256) ? /^length must be from 4 to 256/ : undefined;

/** Whether Prism's validation accepts the body: 200 with no violation, or 400 with one. */
async function prismAccepts(operation: CheckedOperation, body: unknown): Promise<boolean> {
  const { status, violations } = await callMock(operation, { body });
  if (status === 200 && violations.length === 0) return true;
  if (status === 400 && violations.length > 0) return false;
  throw new Error(`Prism answered ${status} with ${JSON.stringify(violations)}`);
}

describe("createUser: the client, Prism and the fake agree on any email and any password, whatever the verdict", () => {
  it("on RFC-style addresses and arbitrary strings", async () => {
    const anyString = fc.oneof(fc.emailAddress(), fc.string(), fc.string({ unit: "grapheme" }));
    await fc.assert(
      fc.asyncProperty(anyString, anyString, async (email, password) => {
        const body = { login: "jsmith", email, password };
        const [client, prism] = [clientAccepts("createUser", body), await prismAccepts("createUser", body)];
        expect(client, JSON.stringify(body)).toBe(prism);
        expect(await fakeRefusal("createUser", body), JSON.stringify(body)).toBe(clientMessage("createUser", body));
      }),
      FUZZ,
    );
  });
});

describe.each(checked)("%s: the client's check, Prism's validation and the fake agree on every rule of the spec", (operation) => {
  it("on bodies the spec accepts (nulls included): all three accept (the fake's own length rule aside)", async () => {
    await fc.assert(
      fc.asyncProperty(validBody(requestSchema(spec, operation)), async (body) => {
        const [client, prism] = [clientAccepts(operation, body), await prismAccepts(operation, body)];
        expect({ client, prism }, JSON.stringify(body)).toEqual({ client: true, prism: true });
        const own = fakeOwnRule(operation, body);
        expect(await fakeRefusal(operation, body), JSON.stringify(body)).toEqual(own === undefined ? undefined : expect.stringMatching(own));
      }),
      runsFor(operation),
    );
  });

  it("on bodies that break exactly one rule: all three refuse, the fake in the client's words", async () => {
    await fc.assert(
      fc.asyncProperty(invalidBody(requestSchema(spec, operation)), async ({ body, broken }: Case) => {
        const [client, prism] = [clientAccepts(operation, body), await prismAccepts(operation, body)];
        expect({ client, prism }, `${broken}: ${JSON.stringify(body)}`).toEqual({ client: false, prism: false });
        const message = clientMessage(operation, body);
        expect(message, `${broken}: ${JSON.stringify(body)}`).toBeDefined();
        expect(await fakeRefusal(operation, body), `${broken}: ${JSON.stringify(body)}`).toBe(message);
      }),
      runsFor(operation),
    );
  });

  it("on a field the spec does not list, the documented exception: Prism and the fake accept, the client refuses by policy unless allowUnknownFields", async () => {
    const open = requestSchema(spec, operation).additionalProperties === true;
    await fc.assert(
      fc.asyncProperty(bodyWithUnknownField(requestSchema(spec, operation)), async ({ body, broken }: Case) => {
        const verdicts = { prism: await prismAccepts(operation, body), client: clientAccepts(operation, body), allowing: clientAccepts(operation, body, { allowUnknownFields: true }) };
        expect(verdicts, `${broken}: ${JSON.stringify(body)}`).toEqual({ prism: true, client: open, allowing: true });
        const own = fakeOwnRule(operation, body);
        expect(await fakeRefusal(operation, body), `${broken}: ${JSON.stringify(body)}`).toEqual(own === undefined ? undefined : expect.stringMatching(own));
      }),
      runsFor(operation),
    );
  });
});
