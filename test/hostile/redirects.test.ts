import { inspect } from "node:util";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcgridApiError, EcgridError } from "../../src/index.js";
import { SECRET_KEY, SECRET_PASSWORD, user, validCreate } from "../support/fake-fetch.js";
import { tlsServer, type TlsServer } from "../support/tls.js";
import { HostileServer, reply } from "./server.js";
import { settle, WAYS } from "./ways.js";

// The other origin every redirect points at: it must never hear from the client.
let elsewhere: HostileServer;
beforeAll(async () => {
  elsewhere = await HostileServer.start((_, res) => reply(res, 200, { success: true, data: [] }));
});
afterAll(() => elsewhere.close());

/** A server that answers every request with a redirect to the other origin, the key in its query. */
const redirecting = (status: number, body = "") =>
  HostileServer.start((_, res) => {
    res.writeHead(status, { location: `${elsewhere.url}/v2/users/list?echo=${SECRET_KEY}`, "content-type": "application/json" });
    res.end(body);
  });

describe.each(WAYS)("on $name, no redirect is followed", (way) => {
  describe.each([301, 302, 303, 307, 308])("%s to another origin", (status) => {
    it.each(["list", "create"] as const)("%s: an EcgridApiError naming the status and the Location, redacted; nothing reaches the other origin", async (operation) => {
      const server = await redirecting(status);
      try {
        const before = elsewhere.seen.length;
        const users = way.client(server.url, { maxRetries: 0 }).users;
        const result = await settle(operation === "list" ? users.list() : users.create(validCreate));
        expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
        const error = (result as { error: EcgridApiError }).error;
        expect(error.status).toBe(status);
        expect(error.message).toBe(`HTTP ${status} ${server.seen.length ? statusTexts[status] : ""}: a redirect to ${elsewhere.url}/v2/users/list?echo=[REDACTED], not followed`);
        expect(error.headers.location).toBe(`${elsewhere.url}/v2/users/list?echo=[REDACTED]`);
        expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
        expect(server.seen).toHaveLength(1);
        expect(elsewhere.seen.length).toBe(before);
      } finally {
        await server.close();
      }
    });
  });

  it("a 302 whose body is a success envelope is not a success", async () => {
    const server = await redirecting(302, JSON.stringify({ success: true, data: user(1) }));
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).users.create(validCreate));
      expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
      expect((result as { error: EcgridApiError }).error.status).toBe(302);
    } finally {
      await server.close();
    }
  });

  it("the raw client returns the 3xx as it came, and the other origin hears nothing", async () => {
    const server = await redirecting(307);
    try {
      const before = elsewhere.seen.length;
      const { error, response } = await way.client(server.url, { maxRetries: 0 }).raw.POST("/v2/users", { body: validCreate });
      expect(response.status).toBe(307);
      expect(error).toBeDefined();
      expect(elsewhere.seen.length).toBe(before);
    } finally {
      await server.close();
    }
  });

  it("the raw client takes no per-call fetch or Request, which would skip the client's path", async () => {
    const server = await redirecting(307);
    try {
      const before = elsewhere.seen.length;
      const raw = way.client(server.url, { maxRetries: 0 }).raw;
      for (const init of [{ body: validCreate, fetch: (r: Request) => fetch(r) }, { body: validCreate, Request }]) {
        const result = await settle(raw.POST("/v2/users", init as never));
        expect((result as { error: Error }).error).toEqual(new EcgridError("The raw client takes no per-call fetch or Request: every call goes through the client's own transport (set the fetch option of createEcgridClient instead)."));
      }
      expect(server.seen).toHaveLength(0);
      expect(elsewhere.seen.length).toBe(before);
    } finally {
      await server.close();
    }
  });

  it("the raw client refuses a path that would leave the base URL's origin, before sending anything", async () => {
    const origin = new URL(elsewhere.url);
    const before = elsewhere.seen.length;
    const raw = way.client("http://localhost", { maxRetries: 0 }).raw;
    // openapi-fetch appends the path to the base URL: "@host" turns the base URL into credentials
    // (which the Request constructor refuses), ".host" into another host (which the client refuses).
    const messages: string[] = [];
    for (const path of [`@${origin.host}/v2/users/list`, `.${origin.hostname}.nip.io:${origin.port}/v2/users/list`]) {
      const result = await settle(raw.POST(path as "/v2/users/list", { body: {} }));
      expect("error" in result && result.error).toBeInstanceOf(EcgridError);
      messages.push((result as { error: Error }).error.message);
    }
    expect(messages[1]).toMatch(/^Refused to send POST http:\/\/localhost\.127\.0\.0\.1\.nip\.io:\d+\/v2\/users\/list: the API key goes only to http:\/\/localhost, the base URL's origin\.$/);
    expect(elsewhere.seen.length).toBe(before);
  });
});

const statusTexts: Record<number, string> = { 301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect" };

describe("a fetch that follows redirects on its own", () => {
  it("is caught: its answer is refused, and named as a followed redirect", async () => {
    const server = await HostileServer.start((_, res) => reply(res, 200, { success: true, data: [user(1)] }));
    try {
      // A Response as a fetch gives it after following a redirect: `redirected` is set, `url` is elsewhere.
      const followed = async () => Object.defineProperties(new Response(JSON.stringify({ success: true, data: [] })), { redirected: { value: true }, url: { value: `${elsewhere.url}/x` } });
      const ecgrid = WAYS[1]!.client(server.url, { fetch: followed, maxRetries: 0 });
      const result = await settle(ecgrid.users.list());
      expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
      expect((result as { error: Error }).error.message).toBe(`HTTP 200: the fetch followed a redirect to ${elsewhere.url}; its answer was not used`);
    } finally {
      await server.close();
    }
  });
  it("names the redirect's origin with the key redacted, when the key is in its host name", async () => {
    // Host names are lower-cased on the way: the key comes back in a case it was not sent in.
    const target = `http://${SECRET_KEY.toLowerCase()}.evil.test`;
    const followed = async () => Object.defineProperties(new Response(JSON.stringify({ success: true, data: [] })), { redirected: { value: true }, url: { value: `${target}/x` } });
    const ecgrid = WAYS[1]!.client("http://127.0.0.1:9", { fetch: followed, maxRetries: 0 });
    const result = await settle(ecgrid.users.list());
    const error = (result as { error: Error }).error;
    expect(error).toBeInstanceOf(EcgridApiError);
    expect(error.message).toBe("HTTP 200: the fetch followed a redirect to http://[REDACTED].evil.test; its answer was not used");
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }).toLowerCase()).not.toContain(SECRET_KEY.toLowerCase());
  });
});

describe("https to http", () => {
  let tls: TlsServer;
  let dispatcher: Agent;
  beforeAll(async () => {
    tls = await tlsServer((req, res) => {
      req.resume();
      res.writeHead(308, { location: `${elsewhere.url}/v2/users` });
      res.end();
    });
    // Global fetch, trusting the test's certificate, as the README's proxy recipe wires a dispatcher in.
    dispatcher = new Agent({ connect: { ca: tls.cert } });
  });
  afterAll(async () => {
    await dispatcher.close();
    await tls.close();
  });

  it("a 308 from the https base URL to plain http is not followed: neither the key nor the password travels in clear", async () => {
    const before = elsewhere.seen.length;
    const viaFetch = (request: Request) => fetch(request, { dispatcher } as RequestInit);
    const result = await settle(WAYS[1]!.client(tls.url, { fetch: viaFetch, maxRetries: 0 }).users.create(validCreate));
    expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
    expect((result as { error: EcgridApiError }).error.status).toBe(308);
    expect(elsewhere.seen.length).toBe(before);
    expect(JSON.stringify((result as { error: unknown }).error)).not.toContain(SECRET_PASSWORD);
  });
});
