import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { createRawClient, type RawClient } from "../../src/raw-client.js";

/** A distinctive key, so a test that finds it in output knows where it came from. */
export const TEST_API_KEY = "ecgrid-test-key-7f3a9c";

/** The typed raw client pointed at the suite's Prism mock. */
export function mockClient(options: { apiKey?: string | undefined } = { apiKey: TEST_API_KEY }): RawClient {
  return createRawClient({ baseUrl: inject("prismUrl"), apiKey: options.apiKey });
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
