import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EcgridApiError, EcgridError, isEcgridError } from "../../src/index.js";
import { SECRET_KEY, user, validCreate } from "../support/fake-fetch.js";
import { HostileServer, reply } from "./server.js";
import { settle, WAYS } from "./ways.js";

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(WAYS)("on $name, nothing but an EcgridError escapes", (way) => {
  it("a page whose items are not objects is an EcgridApiError, from list and from listAll", async () => {
    const server = await HostileServer.start((_, res) => reply(res, 200, { success: true, data: [null, 1, "x"] }));
    try {
      const users = way.client(server.url, { maxRetries: 0 }).users;
      for (const call of [users.list(), users.listAll().toArray({ limit: 10 })]) {
        const result = await settle(call);
        expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
        expect((result as { error: Error }).error.message).toBe("HTTP 200 OK: the response's data is not an array of users: item 0 is null");
      }
    } finally {
      await server.close();
    }
  });

  it("a userId nested 200,000 deep is data, not a crash, through list, listAll and an error body", async () => {
    const nested = `{"success":true,"data":[{"userId":${deep(200_000)},"login":"a"}]}`;
    const server = await HostileServer.start((req, res, seen) => {
      if (req.url === "/v2/users") return reply(res, 400, `{"success":false,"errorCode":"InvalidParameter","message":"x","data":${deep(200_000)}}`);
      const { pageNo = 1 } = JSON.parse(seen.body) as { pageNo?: number };
      reply(res, 200, pageNo === 1 ? nested : { success: true, data: [] });
    });
    try {
      const users = way.client(server.url, { maxRetries: 0 }).users;
      expect(await users.list()).toHaveLength(1);
      expect(await users.listAll().toArray({ limit: 5 })).toHaveLength(1);
      const result = await settle(users.create(validCreate));
      expect(isEcgridError((result as { error: unknown }).error)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("an onAttempt that throws changes no outcome: the answered create resolves, and is sent once", async () => {
    const server = await HostileServer.start((req, res) => reply(res, 200, { success: true, data: req.url === "/v2/users" ? user(9) : [] }));
    try {
      const client = way.client(server.url, {
        onAttempt: () => {
          throw new Error("logger down");
        },
      });
      expect(await client.users.create(validCreate)).toEqual(user(9));
      expect(await client.users.list()).toEqual([]);
      expect(server.seen.filter((s) => s.url === "/v2/users")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("the raw client turns a 2xx body that is not JSON into an EcgridError, not a SyntaxError", async () => {
    const server = await HostileServer.start((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`<html>${SECRET_KEY}</html>`);
    });
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).raw.POST("/v2/users/list", { body: {} }));
      expect(isEcgridError((result as { error: unknown }).error)).toBe(true);
      expect(JSON.stringify((result as { error: Error }).error.message)).not.toContain(SECRET_KEY);
    } finally {
      await server.close();
    }
  });
});

describe("a long-lived signal shared across calls", () => {
  it("keeps no listener and no record per call (no AbortSignal.any)", async () => {
    const any = vi.spyOn(AbortSignal, "any");
    const server = await HostileServer.start((_, res) => reply(res, 200, { success: true, data: [] }));
    try {
      const shared = new AbortController().signal;
      for (const way of WAYS) {
        const users = way.client(server.url).users;
        for (let i = 0; i < 50; i++) await users.list({}, { signal: shared });
        await users.listAll({}, { signal: shared }).toArray({ limit: 5 });
      }
      expect(getEventListeners(shared, "abort")).toHaveLength(0);
      expect(any).not.toHaveBeenCalled();
    } finally {
      await server.close();
    }
  });
});

describe("options a JavaScript caller can get wrong", () => {
  it.each([
    [{ apiKey: 12345 }, "The ECGrid API key must be a string, not number."],
    [{ apiKey: ` ${SECRET_KEY}` }, "The ECGrid API key must not start or end with whitespace."],
    [{ apiKey: `${SECRET_KEY}\n` }, "The ECGrid API key must not start or end with whitespace."],
    [{ apiKey: SECRET_KEY, fetch: "fetch" }, "fetch must be a function that takes a Request and resolves to a Response."],
    [{ apiKey: SECRET_KEY, onAttempt: {} }, "onAttempt must be a function."],
  ])("%j is refused with a clear EcgridError that never quotes the key", (options, message) => {
    const create = () => WAYS[0]!.client("http://127.0.0.1:1", options as never);
    expect(create).toThrow(new EcgridError(message));
  });
});
