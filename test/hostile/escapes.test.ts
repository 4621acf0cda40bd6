import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridError, isEcgridError } from "../../src/index.js";
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

  it("the raw client turns a 2xx body that is not JSON into an EcgridError, not a SyntaxError, quoting none of it", async () => {
    // V8 quotes the start of what it cannot parse: here, a short password and the key's first characters.
    const server = await HostileServer.start((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`Aa1!xyz ${SECRET_KEY}`);
    });
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).raw.POST("/v2/users/list", { body: {} }));
      expect(isEcgridError((result as { error: unknown }).error)).toBe(true);
      expect((result as { error: Error }).error.message).toBe("The raw client could not read the answer: the body is not JSON.");
      expect(inspect((result as { error: unknown }).error, { depth: 10 })).not.toMatch(/Aa1!|sk-ECG/);
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

describe("objects of the caller's that throw or lack parts", () => {
  const throwing = new Proxy({}, { get: () => { throw new RangeError("boom"); }, has: () => { throw new RangeError("boom"); }, ownKeys: () => { throw new RangeError("boom"); } });

  it("a signal without removeEventListener is refused before anything is sent, by every method", async () => {
    const server = await HostileServer.start((_, res) => reply(res, 200, { success: true, data: user(1) }));
    try {
      const signal = { aborted: false, addEventListener() {} } as unknown as AbortSignal;
      await expect(WAYS[0]!.client(server.url).users.create(validCreate, { signal })).rejects.toEqual(new EcgridError("signal must be an AbortSignal."));
      expect(() => WAYS[0]!.client(server.url).users.listAll({}, { signal })).toThrow(new EcgridError("signal must be an AbortSignal."));
      expect(server.seen).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it.each([
    ["client options", () => createEcgridClient(throwing as never)],
    ["per-call options", () => WAYS[0]!.client("http://127.0.0.1:1").users.list({}, throwing as never)],
    ["an input", () => WAYS[0]!.client("http://127.0.0.1:1").users.create(throwing as never)],
    ["listAll's filters", () => WAYS[0]!.client("http://127.0.0.1:1").users.listAll(throwing as never)],
    ["toArray's options", () => WAYS[0]!.client("http://127.0.0.1:1").users.listAll().toArray(throwing as never)],
  ])("a Proxy that throws as %s gives an EcgridError", async (_, call) => {
    const outcome = await (async () => call())().then(
      () => "no error",
      (e: unknown) => e,
    );
    expect(isEcgridError(outcome)).toBe(true);
  });

  it("a fetch answering a Response-like object with odd parts gives an EcgridError", async () => {
    const odd = [
      { status: 500, headers: new Headers(), body: null, text: async () => "" },
      { status: 500, statusText: "x", headers: { forEach() { throw new Error("headers"); }, get() { throw new Error("headers"); } }, body: null },
    ];
    for (const answer of odd) {
      const outcome = await WAYS[1]!.client("https://api.test", { fetch: async () => answer as unknown as Response, maxRetries: 0 }).users.list().catch((e: unknown) => e);
      expect(isEcgridError(outcome)).toBe(true);
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
