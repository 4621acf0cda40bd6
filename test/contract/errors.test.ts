import { beforeAll, describe, expect, it } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import { TEST_API_KEY } from "../support/mock.js";
import { compileSchema, examplesOf, loadSpec, responseSchema, type Json } from "../support/spec.js";
import { callServer, SERVERS, startServer, type ServerKind } from "./servers.js";

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

describe.each(SERVERS)("%s", (kind: ServerKind) => {
  describe.each(operationIds)("%s: every documented error status, through Prefer (Prism) or failNext (the fake)", (operationId) => {
    it.each(documented)("$status $errorCode comes in the error envelope", async ({ status, example, errorCode }) => {
      const server = await startServer(kind);
      server.fake?.failNext(operationId, { status, errorCode });
      const answer = await callServer(server, operationId, { body: validBody(operationId), prefer: `code=${status}, example=${example}` });
      expect(answer.status).toBe(status);
      expect(answer.violations).toEqual([]);
      expect(answer.body).toMatchObject({ success: false, errorCode, data: null, message: expect.any(String) });
      expect(compileSchema(responseSchema(spec, operationId, status))(answer.body)).toBe(true);
      if (status === 429) expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
    });

    it("a 503 chosen by code alone is the error envelope too, never an empty body", async () => {
      const server = await startServer(kind);
      server.fake?.failNext(operationId, { status: 503 });
      const answer = await callServer(server, operationId, { body: validBody(operationId), prefer: "code=503" });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ success: false, data: null });
    });
  });

  describe("createUser: DuplicateObject", () => {
    it("is a 400 in the error envelope: chosen with code=400 and the example's name (Prism), met by a second create of the login (the fake)", async () => {
      const server = await startServer(kind);
      if (server.fake) expect((await callServer(server, "createUser", { body: validBody("createUser") })).status).toBe(200);
      const answer = await callServer(server, "createUser", { body: validBody("createUser"), prefer: "code=400, example=DuplicateObject" });
      expect(answer.status).toBe(400);
      expect(answer.violations).toEqual([]);
      expect(answer.body).toMatchObject({ success: false, errorCode: "DuplicateObject", data: null });
      if (server.fake) expect(answer.body).toMatchObject({ message: "A user with login 'jsmith' already exists in network 1." });
    });

    if (kind === "prism") {
      it("is not reached by the example's name alone: Prism then looks for it among the 200 examples (as the README says)", async () => {
        const answer = await callServer(await startServer(kind), "createUser", { body: validBody("createUser"), prefer: "example=DuplicateObject" });
        expect(answer.status).toBe(404);
        expect(answer.body).not.toMatchObject({ success: false });
      });
    }
  });

  describe("malformed JSON", () => {
    if (kind === "prism") {
      it("is refused by Prism itself, before the spec is consulted (a Prism limit the README names)", async () => {
        const answer = await callServer(await startServer(kind), "listUsers", { raw: '{"pageNo": ' });
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ error: { code: "invalid_json", message: "Invalid JSON" } });
      });
    } else {
      it("is InvalidParameter in the envelope, from the fake itself (a proxy in front would answer first)", async () => {
        const server = await startServer(kind);
        const answer = await callServer({ ...server, url: server.directUrl, headers: {} }, "listUsers", { raw: '{"pageNo": ' });
        expect(answer.status).toBe(400);
        expect(answer.body).toStrictEqual({ success: false, errorCode: "InvalidParameter", message: "the request body is not valid JSON", data: null });
      });
    }
  });

  describe("authentication", () => {
    it.each(operationIds)("%s answers 401 InvalidAPIKey without X-API-Key, before any body check", async (operationId) => {
      const answer = await callServer(await startServer(kind), operationId, { apiKey: undefined, body: operations[operationId].body === undefined ? undefined : [] });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ errorCode: "InvalidAPIKey" });
    });
  });
});

describe("the fake reaches the documented errors by its own rules, each conforming", () => {
  const user = { userId: 1042, login: "jsmith", networkId: 1, mailboxId: 101, authLevel: "MailboxAdmin" } as const;
  it.each([
    ["400 InvalidParameter: a rule of the spec broken", "listUsers", { body: { pageNo: 0 } }, 400, "InvalidParameter"],
    ["400 DuplicateObject: a login taken", "createUser", { body: { login: "JSMITH", password: "Passw0rd!", email: "j@example.com" } }, 400, "DuplicateObject"],
    ["401 InvalidAPIKey: a key not listed", "getMe", { apiKey: "not-listed" }, 401, "InvalidAPIKey"],
    ["403 AccessDenied: a level above the caller's", "setRole", { body: { userId: 1042, authLevel: "Root" } }, 403, "AccessDenied"],
    ["404 ObjectNotFound: an unknown user", "getUser", { id: 9999 }, 404, "ObjectNotFound"],
    ["429 RateLimitExceeded: past the rate limit", "listUsers", { body: {} }, 429, "RateLimitExceeded"],
  ] as const)("%s", async (_, operationId, call, status, errorCode) => {
    const server = await startServer("fake", { users: [user], apiKeys: [TEST_API_KEY], rateLimit: { requests: 1, perMs: 60_000 } });
    if (status === 429) await callServer(server, operationId, call);
    const answer = await callServer(server, operationId, call);
    // The answer breaks no rule; the refused request itself may (that is why it is refused).
    expect([answer.status, answer.violations.filter((v) => v.location[0] === "response")]).toEqual([status, []]);
    expect(answer.body).toMatchObject({ success: false, errorCode, data: null });
    if (status === 429) expect(answer.headers.get("retry-after")).toBe("60");
  });
});
