import { beforeAll, describe, expect, it } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import type { User } from "../../src/index.js";
import type { FakeEcgridOptions } from "../../src/testing/index.js";
import { docsJson, docsPages, seedJson, violations } from "../support/mock.js";
import { compileSchema, examplesOf, loadSpec, responseSchema, type Json } from "../support/spec.js";
import { callServer, SERVERS, serverClient, startServer, type ServerKind } from "./servers.js";

let spec: Json;
beforeAll(async () => {
  spec = await loadSpec();
});

/** Each operation with the request and the 200 body its source document shows. */
function documented(): { operationId: OperationId; request: unknown; response: unknown }[] {
  const [createRequest, createResponse] = seedJson("create-user");
  const [listRequest, listResponse] = seedJson("list-users");
  return [
    { operationId: "createUser", request: createRequest, response: createResponse },
    { operationId: "listUsers", request: listRequest, response: listResponse },
    ...Object.entries(docsPages).map(([operationId, page]) => {
      const blocks = docsJson(page);
      const takesBody = operations[operationId as OperationId].body !== undefined;
      return { operationId: operationId as OperationId, request: takesBody ? blocks[0] : undefined, response: blocks.at(-1) };
    }),
  ];
}

/** The user the docs' pages show (Get User's example), and the key Get API Key's example answers. */
const docsUser = (docsJson("get-user").at(-1) as { data: User }).data;
const docsKey = (docsJson("get-api-key").at(-1) as { data: string }).data;

/**
 * The world a page's example implies, for the fake: the user it names exists (with the key Get
 * API Key shows); Create User's next user is 1042, made at the time its example shows; List
 * Users' users are its example's; Get Me's caller is the user it shows. Elsewhere the caller is a
 * NetOps stand-in of network 1, mailbox 101, which may move users to network 2 as Set Network
 * Mailbox's example does.
 */
function documentedWorld(operationId: OperationId, response: unknown): FakeEcgridOptions {
  const caller = { networkId: 1, mailboxId: 101, authLevel: "NetOps" } as const;
  if (operationId === "createUser") {
    const { data } = response as { data: User };
    return { caller, nextUserId: data.userId, clock: () => Date.parse(data.created) };
  }
  if (operationId === "listUsers") return { caller, users: (response as { data: User[] }).data };
  if (operationId === "getMe") return { users: [docsUser], caller: { userId: docsUser.userId } };
  return { caller, users: [{ ...docsUser, apiKey: docsKey }] };
}

/** Secrets the fake makes up, which no world can make equal to an example: their shape is compared instead. */
const madeUp: Partial<Record<OperationId, RegExp>> = {
  generatePassword: /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^a-zA-Z0-9]).{16}$/,
  generateApiKey: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

describe.each(SERVERS)("%s", (kind: ServerKind) => {
  describe("every operation answers its documented request with its documented response", () => {
    it("covers all sixteen operations", () => {
      expect(documented().map((d) => d.operationId).sort()).toEqual(Object.keys(operations).sort());
    });

    it.each(documented())("$operationId", async ({ operationId, request, response }) => {
      const server = await startServer(kind, documentedWorld(operationId, response));
      const answer = await callServer(server, operationId, { id: 1042, body: request });
      expect(answer.status).toBe(200);
      expect(answer.violations).toEqual([]);
      const shape = kind === "fake" ? madeUp[operationId] : undefined;
      expect(answer.body).toStrictEqual(shape === undefined ? response : { success: true, data: expect.stringMatching(shape) });
      expect(compileSchema(responseSchema(spec, operationId, 200))(answer.body)).toBe(true);
    });
  });

  describe("paths", () => {
    it("routes GET /v2/users/me to getMe, not to getUser with id 'me'", async () => {
      const server = await startServer(kind);
      // Were `me` taken for `{id}`, the server would refuse it as a non-integer id.
      const me = await callServer(server, "getMe");
      expect(me.status).toBe(200);
      expect(me.violations).toEqual([]);
      const notAnId = await callServer(server, "getUser", { id: "you" });
      expect(notAnId.status).toBe(400);
      expect(notAnId.violations).toEqual([expect.objectContaining({ location: ["request", "path", "id"], code: "type" })]);
    });

    it.each(Object.entries(operations).filter(([, op]) => op.pathParams.length > 0))("%s takes an integer id in its path", async (operationId) => {
      const server = await startServer(kind, { users: [{ userId: 7, login: "seven" }] });
      const answer = await callServer(server, operationId as OperationId, { id: 7 });
      expect(answer.status).toBe(200);
      expect(answer.violations).toEqual([]);
      expect((await callServer(server, operationId as OperationId, { id: "1.5" })).status).toBe(400);
    });
  });

  describe("Create User and List Users", () => {
    it("accepts a create with only the required fields", async () => {
      const body = examplesOf(spec, "createUser", "request").requiredOnly!.value;
      const { response } = await serverClient(await startServer(kind)).POST("/v2/users", { body });
      expect(response.status).toBe(200);
      expect(violations(response)).toEqual([]);
    });

    it("accepts a Bearer token instead of an API key", async () => {
      const { response } = await serverClient(await startServer(kind), { apiKey: undefined }).POST("/v2/users", {
        body: { login: "ajones", password: "S3cure#pass", email: "ajones@example.com" },
        headers: { Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig" },
      });
      expect(response.status).toBe(200);
    });

    it("takes an empty list filter", async () => {
      const server = await startServer(kind, { users: [{ login: "jsmith" }, { login: "ajones" }] });
      const { data, response } = await serverClient(server).POST("/v2/users/list", { body: {} });
      expect(response.status).toBe(200);
      expect(violations(response)).toEqual([]);
      expect(data?.data).toHaveLength(2);
    });

    it.each(["lastPage", "emptyPage"])("serves a %s", async (name) => {
      // Prism serves the example on request; the fake, the real page 2 or 3 of three users, two a page.
      const server = await startServer(kind, { users: [{ login: "jsmith" }, { login: "ajones" }, { login: "bkhan" }] });
      const pageNo = name === "lastPage" ? 2 : 3;
      const { data, response } = await serverClient(server).POST("/v2/users/list", { body: { pageNo, recordsPerPage: 2 }, headers: { Prefer: `example=${name}` } });
      expect(response.status).toBe(200);
      expect(violations(response)).toEqual([]);
      if (kind === "prism") expect(data).toStrictEqual(examplesOf(spec, "listUsers", 200)[name]!.value);
      else expect(data?.data.map((u) => u.login)).toEqual(name === "lastPage" ? ["bkhan"] : []);
      expect(data!.data.length).toBeLessThan(2);
    });

    it("serves a user with null names, which the response schema accepts", async () => {
      // Prism serves the example on request; the fake answers so for a user created without names.
      const [seed] = seedJson("create-user") as [Record<string, unknown>];
      const { firstName: _f, lastName: _l, ...withoutNames } = seed;
      const answer = await callServer(await startServer(kind), "createUser", { body: kind === "prism" ? seed : withoutNames, prefer: "example=noNames" });
      expect(answer.status).toBe(200);
      expect(answer.violations).toEqual([]);
      expect(answer.body).toMatchObject({ data: { firstName: null, lastName: null } });
      expect(compileSchema(responseSchema(spec, "createUser", 200))(answer.body)).toBe(true);
      expect(compileSchema(spec.components.schemas.UserIDInfo)({ ...(answer.body as { data: object }).data, firstName: undefined, lastName: undefined })).toBe(true);
    });
  });
});

describe("the fake's stateful answers", () => {
  it("a user created, renamed, given a role, moved and terminated reads back each change, with no violation", async () => {
    const server = await startServer("fake", { caller: { authLevel: "NetOps" } });
    const created = await callServer(server, "createUser", { body: { login: "bkhan", password: "Passw0rd!", email: "bkhan@example.com" } });
    const id = (created.body as { data: User }).data.userId;
    const steps: [OperationId, object | undefined, Partial<User>][] = [
      ["updateUser", { userId: id, email: "bilal.khan@example.com", firstName: "Bilal" }, { email: "bilal.khan@example.com", firstName: "Bilal" }],
      ["setRole", { userId: id, authLevel: "MailboxAdmin" }, { authLevel: "MailboxAdmin" }],
      ["setNetworkMailbox", { userId: id, networkId: 2, mailboxId: 205 }, { networkId: 2, mailboxId: 205 }],
      ["terminateUser", undefined, { status: "Terminated" }],
    ];
    let expected = (created.body as { data: User }).data;
    for (const [operationId, body, change] of steps) {
      const answer = await callServer(server, operationId, { id, body });
      expect([answer.status, answer.violations]).toEqual([200, []]);
      expected = { ...expected, ...change };
      const read = await callServer(server, "getUser", { id });
      expect([read.violations, read.body]).toEqual([[], { success: true, data: expected }]);
    }
    expect(server.fake?.users).toStrictEqual([expected]);
  });
});
