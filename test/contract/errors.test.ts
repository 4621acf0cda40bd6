import { beforeAll, describe, expect, it } from "vitest";
import { mockClient, violations } from "../support/mock.js";
import { compileSchema, loadSpec, responseSchema, type Json } from "../support/spec.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

const operations = [
  { path: "/v2/users", body: { login: "jsmith", password: "Passw0rd!", email: "jsmith@example.com" } },
  { path: "/v2/users/list", body: {} },
] as const;

/** Every documented error, with the errorCode ecgrid-facts gives for it. */
const documented = [
  { status: 400, example: "InvalidParameter", errorCode: "InvalidParameter" },
  { status: 401, example: "InvalidAPIKey", errorCode: "InvalidAPIKey" },
  { status: 401, example: "InvalidSession", errorCode: "InvalidSession" },
  { status: 403, example: "AccessDenied", errorCode: "AccessDenied" },
  { status: 404, example: "ObjectNotFound", errorCode: "ObjectNotFound" },
  { status: 429, example: "RateLimitExceeded", errorCode: "RateLimitExceeded" },
  { status: 500, example: "InternalError", errorCode: "InternalError" },
] as const;

async function post(path: (typeof operations)[number]["path"], body: Json, prefer: string): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const client = mockClient();
  // Two calls, because openapi-fetch types each path's body separately.
  return path === "/v2/users" ? client.POST(path, { body, headers: { Prefer: prefer } }) : client.POST(path, { body, headers: { Prefer: prefer } });
}

describe.each(operations)("$path: every documented error status", ({ path, body }) => {
  it.each(documented)("$status $errorCode comes in the error envelope", async ({ status, example, errorCode }) => {
    const { data, error, response } = await post(path, body, `code=${status}, example=${example}`);
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ success: false, errorCode, data: null, message: expect.any(String) });
    expect(compileSchema(responseSchema(spec, path, status))(error)).toBe(true);
    expect(violations(response)).toEqual([]);
    if (status === 429) expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("503 is documented, with no body promised", async () => {
    const { response } = await post(path, body, "code=503");
    expect(response.status).toBe(503);
    expect(violations(response)).toEqual([]);
  });
});

describe("/v2/users: DuplicateObject", () => {
  it("is a 400 in the error envelope", async () => {
    const { error, response } = await post("/v2/users", operations[0].body, "code=400, example=DuplicateObject");
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ success: false, errorCode: "DuplicateObject", data: null });
  });
});
