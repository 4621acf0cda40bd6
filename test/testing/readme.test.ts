import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("the README's fake example", () => {
  it("is test/testing/readme-example.test.ts, which npm test runs, word for word", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Testing your code against the fake"));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(readFileSync(join(import.meta.dirname, "readme-example.test.ts"), "utf8"));
  });
});
