import { createEcgridClient, type EcgridClient, type EcgridClientOptions, type FetchLike } from "../../src/index.js";
import { HttpBridge } from "./http-bridge.js";

/**
 * Which transport the client suites run on: an injected fetch (the default), or the built-in
 * Node transport over real HTTP (ECGRID_TEST_TRANSPORT=node, the "node-transport" project).
 */
export const TRANSPORT: "fetch" | "node" = process.env.ECGRID_TEST_TRANSPORT === "node" ? "node" : "fetch";
const bridge = TRANSPORT === "node" ? await HttpBridge.start() : undefined;

/** A request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** A fetch handler that records every request and answers with `handler`. */
export interface FakeFetch extends FetchLike {
  readonly requests: SeenRequest[];
}

/**
 * Builds an injected transport. `handler` gets the request, its parsed JSON body and the
 * 1-based call number; it may return a Response, throw, or wait on `request.signal`.
 */
export function fakeFetch(handler: (request: Request, body: unknown, call: number) => Response | Promise<Response>): FakeFetch {
  const requests: SeenRequest[] = [];
  const transport = async (request: Request) => {
    const text = await request.text();
    const body: unknown = text === "" ? undefined : JSON.parse(text);
    requests.push({ method: request.method, url: request.url, headers: request.headers, body });
    return handler(request, body, requests.length);
  };
  return Object.assign(transport, { requests });
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** The success envelope around `data`. */
export function ok(data: unknown): Response {
  return json({ success: true, data });
}

/** The error envelope. */
export function fail(status: number, errorCode: string, message: string, headers: Record<string, string> = {}): Response {
  return json({ success: false, errorCode, message, data: null }, status, headers);
}

/** Resolves when the request is aborted, then rejects like fetch does; never answers otherwise. */
export function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }));
}

/** A user as the seeds show it, with a chosen id. */
export function user(userId: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userId,
    login: `user${userId}`,
    email: `user${userId}@example.com`,
    firstName: "Test",
    lastName: "User",
    networkId: 1,
    mailboxId: 101,
    authLevel: "MailboxUser",
    status: "Active",
    created: "2024-03-15T10:22:00Z",
    ...extra,
  };
}

/**
 * A client whose requests reach `fake`: injected as `fetch`, or, on the Node transport, through
 * a real HTTP server. Either way `fake` sees requests to https://api.test.
 */
export function testClient(fake: FakeFetch, options: EcgridClientOptions = {}): EcgridClient {
  if (bridge === undefined) return createEcgridClient({ apiKey: SECRET_KEY, baseUrl: "https://api.test", fetch: fake, ...options });
  return createEcgridClient({ apiKey: SECRET_KEY, ...options, baseUrl: bridge.route(fake) });
}

/** The distinctive secrets every client test uses, so a leak is unmistakable. */
export const SECRET_KEY = "sk-ECGRID-9f8e7d6c5b4a-SECRET";
export const SECRET_PASSWORD = "Pw0rd!-Zq8-SECRET";

/** The body of a valid create request. */
export const validCreate = { login: "jsmith", password: SECRET_PASSWORD, email: "jsmith@example.com" };
