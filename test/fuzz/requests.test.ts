import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { EcgridValidationError } from "../../src/index.js";
import { assertValidRequest, type CheckedOperation } from "../../src/request-checks.js";
import { mockClient, violations } from "../support/mock.js";
import { loadSpec, type Json } from "../support/spec.js";
import { invalidBody, validBody, type Case } from "./arbitraries.js";

/** Deterministic and bounded, so it fits in npm test. FUZZ_SEED and FUZZ_RUNS explore further. */
export const FUZZ = { seed: Number(process.env.FUZZ_SEED ?? 20261123), numRuns: Number(process.env.FUZZ_RUNS ?? 150) };

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

const operations: { operation: CheckedOperation; path: "/v2/users" | "/v2/users/list"; schema: string }[] = [
  { operation: "createUser", path: "/v2/users", schema: "CreateUserRequest" },
  { operation: "listUsers", path: "/v2/users/list", schema: "ListUsersRequest" },
];

/** Whether the client's request check accepts the body. */
function clientAccepts(operation: CheckedOperation, body: unknown): boolean {
  try {
    assertValidRequest(operation, body);
    return true;
  } catch (error) {
    if (error instanceof EcgridValidationError) return false;
    throw error;
  }
}

/** Whether Prism's validation accepts the body: 200 with no violation, or 400 with one. */
async function prismAccepts(path: "/v2/users" | "/v2/users/list", body: unknown): Promise<boolean> {
  const client = mockClient();
  const { response } = path === "/v2/users" ? await client.POST(path, { body: body as never }) : await client.POST(path, { body: body as never });
  const found = violations(response);
  if (response.status === 200 && found.length === 0) return true;
  if (response.status === 400 && found.length > 0) return false;
  throw new Error(`Prism answered ${response.status} with ${JSON.stringify(found)}`);
}

describe("createUser: the two agree on any email and any password, whatever the verdict", () => {
  it("on RFC-style addresses and arbitrary strings", async () => {
    const anyString = fc.oneof(fc.emailAddress(), fc.string(), fc.string({ unit: "grapheme" }));
    await fc.assert(
      fc.asyncProperty(anyString, anyString, async (email, password) => {
        const body = { login: "jsmith", email, password };
        const [client, prism] = [clientAccepts("createUser", body), await prismAccepts("/v2/users", body)];
        expect(client, JSON.stringify(body)).toBe(prism);
      }),
      FUZZ,
    );
  });
});

describe.each(operations)("$operation: the client's check and Prism's validation agree", ({ operation, path, schema }) => {
  it("on bodies the spec accepts: both accept", async () => {
    await fc.assert(
      fc.asyncProperty(validBody(spec.components.schemas[schema]), async (body) => {
        const [client, prism] = [clientAccepts(operation, body), await prismAccepts(path, body)];
        expect({ client, prism }, JSON.stringify(body)).toEqual({ client: true, prism: true });
      }),
      FUZZ,
    );
  });

  it("on bodies that break exactly one rule: both refuse", async () => {
    await fc.assert(
      fc.asyncProperty(invalidBody(spec.components.schemas[schema]), async ({ body, broken }: Case) => {
        const [client, prism] = [clientAccepts(operation, body), await prismAccepts(path, body)];
        expect({ client, prism }, `${broken}: ${JSON.stringify(body)}`).toEqual({ client: false, prism: false });
      }),
      FUZZ,
    );
  });
});
