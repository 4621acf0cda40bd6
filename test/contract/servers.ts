import { afterEach, expect, inject } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import createClient from "openapi-fetch";
import type { RawClient } from "../../src/raw-client.js";
import { createFakeEcgrid, type FakeEcgrid, type FakeEcgridOptions, type FakeServer } from "../../src/testing/index.js";
import { route } from "../../src/testing/router.js";
import { TEST_API_KEY, violations, type MockAnswer, type MockCall } from "../support/mock.js";
import { checkAnswer } from "../testing/spec-check.js";
import { UPSTREAM_HEADER } from "./fake-relay.js";

/** The two servers every contract suite runs against: Prism's stateless mock, and the package's stateful fake. */
export const SERVERS = ["prism", "fake"] as const;
export type ServerKind = (typeof SERVERS)[number];

/**
 * One server for a test. The fake is reached through the run's Prism proxy (global setup), so its
 * exchanges carry `sl-violations` exactly as the mock's do; each of its answers is also checked
 * against the spec's response schema here, with the same Ajv draft and formats as Prism.
 */
export interface Server {
  kind: ServerKind;
  /** The base URL to call. */
  url: string;
  /** Headers every call must carry: for the fake, which one the relay behind the proxy forwards to. */
  headers: Record<string, string>;
  /** The fake itself, for `failNext`, `users` and the rest; undefined for Prism. */
  fake: FakeEcgrid | undefined;
  /** The fake's own URL, not through the proxy: for what Prism would answer itself (malformed JSON). Prism's URL for Prism. */
  directUrl: string;
}

const open: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A server of `kind`; for the fake, a new one with `options`, closed after the test. */
export async function startServer(kind: ServerKind, options: FakeEcgridOptions = {}): Promise<Server> {
  if (kind === "prism") return { kind, url: inject("prismUrl"), headers: {}, fake: undefined, directUrl: inject("prismUrl") };
  const fake = createFakeEcgrid(options);
  const listening = await fake.listen();
  open.push(listening);
  return { kind, url: inject("fakeProxyUrl"), headers: { [UPSTREAM_HEADER]: listening.url }, fake, directUrl: listening.url };
}

/** Fails the test when an answer of the fake breaks the spec's response schema for its operation and status. */
export async function expectFakeConforms(server: Server, operationId: OperationId, response: Response, text: string): Promise<void> {
  if (server.kind === "fake") expect(await checkAnswer(operationId, response.status, response.headers, text), `${operationId} answered ${text.slice(0, 300)}`).toEqual([]);
}

/** A fetch to `server`: adds its headers, and checks the fake's answers against the spec. */
export function serverFetch(server: Server): (request: Request) => Promise<Response> {
  return async (request) => {
    for (const [name, value] of Object.entries(server.headers)) request.headers.set(name, value);
    const response = await fetch(request);
    const operationId = route(request.method, new URL(request.url).pathname)?.operationId;
    if (operationId !== undefined) await expectFakeConforms(server, operationId, response, await response.clone().text());
    return response;
  };
}

/** The typed raw client on `server`: plain openapi-fetch over global fetch, as `mockClient` is on the mock. */
export function serverClient(server: Server, options: { apiKey?: string | undefined } = { apiKey: TEST_API_KEY }): RawClient {
  return createClient({ baseUrl: server.url, fetch: serverFetch(server), ...(options.apiKey === undefined ? {} : { headers: { "X-API-Key": options.apiKey } }) });
}

/** Calls an operation on `server` by operationId, as `callMock` does on the mock. */
export async function callServer(server: Server, operationId: OperationId, call: MockCall = {}): Promise<MockAnswer> {
  const op = operations[operationId];
  const path = op.path.replace("{id}", encodeURIComponent(String(call.id ?? 1042)));
  const headers: Record<string, string> = { accept: "application/json", ...server.headers };
  const apiKey = "apiKey" in call ? call.apiKey : TEST_API_KEY;
  if (apiKey !== undefined) headers["x-api-key"] = apiKey;
  if (call.prefer !== undefined) headers.prefer = call.prefer;
  const text = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (text !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}${path}`, { method: op.method, headers, ...(text === undefined ? {} : { body: text }) });
  const received = await response.text();
  await expectFakeConforms(server, operationId, response, received);
  let body: unknown = received === "" ? undefined : received;
  try {
    body = JSON.parse(received);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body, headers: response.headers, violations: violations(response) };
}
