import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("npm run docs", () => {
  it("builds one prerendered page that names both operations and every error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ecgrid-docs-"));
    try {
      const out = join(dir, "index.html");
      await promisify(execFile)(process.execPath, [join(root, "scripts", "docs.mjs"), "--out", out], { cwd: root });
      const html = readFileSync(out, "utf8");
      expect(html).toMatch(/<title>ECGrid REST API: Users<\/title>/);
      for (const text of ["Create User", "List Users", "/v2/users/list", "InvalidParameter", "DuplicateObject", "RateLimitExceeded", "Retry-After", "MailboxUser"]) {
        expect(html, text).toContain(text);
      }
      // Prerendered: the operations are in the HTML itself, not only in a script's data.
      for (const [id, title] of [["createUser", "Create User"], ["listUsers", "List Users"]]) {
        expect(html).toMatch(new RegExp(`<h2[^>]*><a[^>]*href="#tag/Users/operation/${id}"[^>]*></a>${title}`));
      }
      expect(html).not.toContain("fonts.googleapis.com");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
