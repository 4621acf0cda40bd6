import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { operations, type OperationId } from "../../generated/operations.js";
import createClient from "openapi-fetch";
import type { RawClient } from "../../src/raw-client.js";

/** A distinctive key, so a test that finds it in output knows where it came from. */
export const TEST_API_KEY = "ecgrid-test-key-7f3a9c";

/** The typed raw client pointed at the suite's Prism mock. */
export function mockClient(options: { apiKey?: string | undefined } = { apiKey: TEST_API_KEY }): RawClient {
  // Plain openapi-fetch over global fetch, typed by the spec: what Prism answers, untouched.
  return createClient({ baseUrl: inject("prismUrl"), ...(options.apiKey === undefined ? {} : { headers: { "X-API-Key": options.apiKey } }) });
}

/** One rule Prism found broken, from its `sl-violations` header. */
export interface Violation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

/** The violations Prism reported for an exchange; empty when it found none. */
export function violations(response: Response): Violation[] {
  const header = response.headers.get("sl-violations");
  return header === null ? [] : (JSON.parse(header) as Violation[]);
}

/**
 * The JSON blocks of a seed document, in order (its request example, then its response).
 * A block opens with a line holding only `{` and closes at the first line holding only `}`
 * where the text so far parses. The code samples below "Code Examples" are not read.
 */
export function seedJson(name: "create-user" | "list-users"): unknown[] {
  const text = readFileSync(join(import.meta.dirname, "..", "fixtures", "seeds", `${name}.txt`), "utf8");
  const prose = text.slice(0, text.indexOf("\nCode Examples\n"));
  const blocks: unknown[] = [];
  let current: string[] | undefined;
  for (const line of prose.split("\n")) {
    if (line === "{" && current === undefined) current = [];
    if (current === undefined) continue;
    current.push(line);
    if (line !== "}") continue;
    try {
      blocks.push(JSON.parse(current.join("\n")));
      current = undefined;
    } catch {
      // An inner object closed; the block goes on.
    }
  }
  if (current !== undefined) throw new Error(`${name}: a JSON block never closes`);
  return blocks;
}

/** The ECGrid pages copied to test/fixtures/ecgrid-docs/, one per operation beyond the two seeds. */
export const docsPages = {
  getUser: "get-user",
  getUserByName: "get-by-name",
  getMe: "get-me",
  updateUser: "update-user",
  setRole: "set-role",
  setNetworkMailbox: "set-network-mailbox",
  updatePassword: "update-password",
  generatePassword: "generate-password",
  terminateUser: "terminate-user",
  resetSessions: "reset-sessions",
  sendSms: "send-sms",
  updateConfig: "update-config",
  getApiKey: "get-api-key",
  generateApiKey: "generate-api-key",
} as const satisfies Partial<Record<OperationId, string>>;

/**
 * The JSON examples of a documentation page, in order (its request example, if any, then its
 * response): the ```json fences above "## Code Examples". The code samples are not read.
 */
export function docsJson(page: (typeof docsPages)[keyof typeof docsPages]): unknown[] {
  const text = readFileSync(join(import.meta.dirname, "..", "fixtures", "ecgrid-docs", `${page}.md`), "utf8");
  const prose = text.slice(0, text.indexOf("\n## Code Examples\n"));
  return [...prose.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((m) => JSON.parse(m[1] ?? "") as unknown);
}

/** What the mock answered to one call. */
export interface MockAnswer {
  status: number;
  /** The parsed JSON body; the text when it is not JSON; undefined when empty. */
  body: unknown;
  headers: Headers;
  violations: Violation[];
}

/** How to call one operation on the mock. */
export interface MockCall {
  /** The `{id}` of the path, when the operation has one; a string tests what the spec refuses. */
  id?: number | string | undefined;
  /** The request body, sent as JSON; a `raw` string is sent as is. */
  body?: unknown;
  raw?: string | undefined;
  /** The `Prefer` header, e.g. `code=400, example=LoginRequired`. */
  prefer?: string | undefined;
  /** Sent as X-API-Key; none when undefined. */
  apiKey?: string | undefined;
}

/** Calls an operation on the suite's Prism mock by operationId, with the method and path the spec gives. */
export async function callMock(operationId: OperationId, call: MockCall = {}): Promise<MockAnswer> {
  const op = operations[operationId];
  const path = op.path.replace("{id}", encodeURIComponent(String(call.id ?? 1042)));
  const headers: Record<string, string> = { accept: "application/json" };
  const apiKey = "apiKey" in call ? call.apiKey : TEST_API_KEY;
  if (apiKey !== undefined) headers["x-api-key"] = apiKey;
  if (call.prefer !== undefined) headers.prefer = call.prefer;
  const text = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (text !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${inject("prismUrl")}${path}`, { method: op.method, headers, ...(text === undefined ? {} : { body: text }) });
  const received = await response.text();
  let body: unknown = received === "" ? undefined : received;
  try {
    body = JSON.parse(received);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body, headers: response.headers, violations: violations(response) };
}
