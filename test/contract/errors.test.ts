import { beforeAll, describe, expect, it } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import { callMock } from "../support/mock.js";
import { compileSchema, examplesOf, loadSpec, responseSchema, type Json } from "../support/spec.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

/** Every documented error status, with the errorCode the docs give for it (503 has none: its example's is illustrative). */
const documented = [
  { status: 400, example: "InvalidParameter", errorCode: "InvalidParameter" },
  { status: 401, example: "InvalidAPIKey", errorCode: "InvalidAPIKey" },
  { status: 401, example: "InvalidSession", errorCode: "InvalidSession" },
  { status: 403, example: "AccessDenied", errorCode: "AccessDenied" },
  { status: 404, example: "ObjectNotFound", errorCode: "ObjectNotFound" },
  { status: 429, example: "RateLimitExceeded", errorCode: "RateLimitExceeded" },
  { status: 500, example: "InternalError", errorCode: "InternalError" },
  { status: 503, example: "ServiceUnavailable", errorCode: "ServiceUnavailable" },
] as const;

const operationIds = Object.keys(operations) as OperationId[];

/** A body the operation accepts: its first request example. */
const validBody = (operationId: OperationId): unknown => (operations[operationId].body === undefined ? undefined : Object.values(examplesOf(spec, operationId, "request"))[0]!.value);

describe.each(operationIds)("%s: every documented error status, through Prefer", (operationId) => {
  it.each(documented)("$status $errorCode comes in the error envelope", async ({ status, example, errorCode }) => {
    const answer = await callMock(operationId, { body: validBody(operationId), prefer: `code=${status}, example=${example}` });
    expect(answer.status).toBe(status);
    expect(answer.violations).toEqual([]);
    expect(answer.body).toMatchObject({ success: false, errorCode, data: null, message: expect.any(String) });
    expect(compileSchema(responseSchema(spec, operationId, status))(answer.body)).toBe(true);
    if (status === 429) expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("a 503 chosen by code alone is the error envelope too, never an empty body", async () => {
    const answer = await callMock(operationId, { body: validBody(operationId), prefer: "code=503" });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ success: false, data: null });
  });
});

describe("createUser: DuplicateObject", () => {
  it("is a 400 in the error envelope, chosen with code=400 and the example's name", async () => {
    const answer = await callMock("createUser", { body: validBody("createUser"), prefer: "code=400, example=DuplicateObject" });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ success: false, errorCode: "DuplicateObject", data: null });
  });

  it("is not reached by the example's name alone: Prism then looks for it among the 200 examples (as the README says)", async () => {
    const answer = await callMock("createUser", { body: validBody("createUser"), prefer: "example=DuplicateObject" });
    expect(answer.status).toBe(404);
    expect(answer.body).not.toMatchObject({ success: false });
  });
});

describe("what the mock cannot answer with the envelope (a Prism limit the README names)", () => {
  it("malformed JSON is refused by Prism itself, before the spec is consulted", async () => {
    const answer = await callMock("listUsers", { raw: '{"pageNo": ' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: "invalid_json", message: "Invalid JSON" } });
  });
});

describe("authentication", () => {
  it.each(operationIds)("%s answers 401 InvalidAPIKey without X-API-Key, before any body check", async (operationId) => {
    const answer = await callMock(operationId, { apiKey: undefined, body: operations[operationId].body === undefined ? undefined : [] });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ errorCode: "InvalidAPIKey" });
  });
});
