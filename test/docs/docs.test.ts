import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openOffline } from "../../scripts/lib/browser.mjs";

const root = join(import.meta.dirname, "..", "..");
const require = createRequire(import.meta.url);
// The Subresource Integrity hash with which @redocly/cli 2.55 linked Redoc 2.5.4's browser bundle from
// its CDN: the page must carry that very script.
const redocSri = "sha384-w447zOpYfw/1Tv/5AK9NfHTlQIqE3RVR6KY62jCyy9zNDgO64cMwGGP1Fj0zJVf5";

let dir: string;
let out: string;
let html: string;
let run: { stdout: string; stderr: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ecgrid-docs-"));
  out = join(dir, "index.html");
  run = await promisify(execFile)(process.execPath, [join(root, "scripts", "docs.mjs"), "--out", out, "--screenshot"], { cwd: root, timeout: 60_000 });
  html = readFileSync(out, "utf8");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run docs", () => {
  it("builds one prerendered page that names both operations and every error", () => {
    expect(html).toMatch(/<title>ECGrid REST API: Users<\/title>/);
    for (const text of ["Create User", "List Users", "/v2/users/list", "InvalidParameter", "DuplicateObject", "RateLimitExceeded", "Retry-After", "MailboxUser"]) {
      expect(html, text).toContain(text);
    }
    // Prerendered: the operations are in the HTML itself, not only in a script's data.
    for (const [id, title] of [["createUser", "Create User"], ["listUsers", "List Users"]]) {
      expect(html).toMatch(new RegExp(`<h2[^>]*><a[^>]*href="#tag/Users/operation/${id}"[^>]*></a>${title}`));
    }
    expect(html).not.toContain("fonts.googleapis.com");
  });

  it("prints where it wrote the page and the screenshot, and nothing on stderr (no banner)", () => {
    expect(run.stdout).toMatch(new RegExp(`^Wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ KiB\\)\\.$`, "m"));
    expect(run.stdout).toContain(`Wrote ${join(dir, "index.png")}.`);
    expect(run.stderr).toBe("");
  });

  it("carries Redoc's browser script inline, exactly the pinned 2.5.4 bundle, and links nothing outside", () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=/i);
    const bundle = readFileSync(require.resolve("redoc/bundles/redoc.standalone.js"));
    expect(`sha384-${createHash("sha384").update(bundle).digest("base64")}`).toBe(redocSri);
    expect(html).toContain(bundle.toString("utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"));
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*">/);
  });

  it("writes a screenshot for humans: a PNG of the page at 1280 x 900", () => {
    const png = readFileSync(join(dir, "index.png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // The IHDR chunk: width and height, big-endian, from byte 16.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 900]);
  });
});

describe("the reference page in Chromium with no network", () => {
  it("expands responses, shows examples and fields, searches, navigates and downloads the spec, asking nothing of the network", async () => {
    const browser = await openOffline(pathToFileURL(out).href);
    try {
      const { page } = browser;
      // Redoc's script takes the prerendered page over (React hydration) just after load; until then
      // nothing responds to a click. React marks the container once it has a root there.
      await page.waitForFunction(() => Object.keys(document.getElementById("redoc") ?? {}).some((key) => key.startsWith("__reactContainer")));

      // The sidebar opens a section and moves to an operation.
      const users = page.getByRole("menuitem", { name: "Users", exact: true });
      expect(await users.getAttribute("aria-expanded")).toBe("false");
      await users.click();
      await expect.poll(() => users.getAttribute("aria-expanded")).toBe("true");
      await page.getByRole("menuitem", { name: "List Users" }).click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe("#tag/Users/operation/listUsers");

      // The download link: the bundled spec itself, from the page.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download" }).click()]);
      expect(download.suggestedFilename()).toBe("openapi.json");
      const spec = JSON.parse(readFileSync(await download.path(), "utf8")) as Spec;
      // Every user operation of the API is in it.
      expect(Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => (op as { operationId?: string }).operationId))).toHaveLength(16);

      // createUser: a collapsed error response opens on a click, and its named examples can be picked.
      const create = page.locator('[data-section-id="tag/Users/operation/createUser"]');
      const [status, example] = namedExample(spec, spec.paths["/v2/users"]!.post, "DuplicateObject");
      const response = create.getByRole("button", { name: new RegExp(`^${status}\\b`) });
      // The error envelope's schema shows only once the response is opened.
      await expect.poll(() => create.innerText()).not.toContain("Always null on error.");
      await response.click();
      await expect.poll(() => create.innerText()).toContain("Always null on error.");
      const tab = create.getByRole("tab", { name: status, exact: true });
      await tab.click();
      const samples = page.locator(`[id="${await tab.getAttribute("aria-controls")}"]`);
      await samples.getByLabel("Example").selectOption({ label: example.summary });
      await expect.poll(() => samples.innerText()).toMatch(/"errorCode": "DuplicateObject"/);
      await expect.poll(() => samples.innerText()).toContain(JSON.stringify(example.value.message));

      // listUsers: the 200 response opens, its data items open, and show every UserIDInfo field.
      const list = page.locator('[data-section-id="tag/Users/operation/listUsers"]');
      await list.getByRole("button", { name: /^200\b/ }).click();
      await list.getByRole("button", { name: "expand data" }).first().click();
      const fields = Object.keys(spec.components.schemas.UserIDInfo!.properties!);
      expect(fields.length).toBeGreaterThan(5);
      for (const field of fields) await expect.poll(() => list.locator(".property-name", { hasText: new RegExp(`^${field}$`) }).last().isVisible(), { message: field }).toBe(true);

      // The list example: the users in it are collapsed (`{ … }`) and open on a click.
      const listTab = list.getByRole("tab", { name: "200", exact: true });
      const listSamples = page.locator(`[id="${await listTab.getAttribute("aria-controls")}"]`);
      expect(await listSamples.getByText('"jsmith"').first().isVisible()).toBe(false);
      await listSamples.getByRole("button", { name: "expand" }).first().click();
      await expect.poll(() => listSamples.getByText('"jsmith"').first().isVisible()).toBe(true);

      // Search runs in a worker the page builds itself.
      await page.getByRole("textbox", { name: "Search" }).fill("duplicate");
      await expect.poll(() => page.locator("[data-role='search:results']").innerText()).toContain("Create User");

      // Nothing left for the network: the router refused nothing because nothing was asked of it.
      // Redoc's sidebar asks for its vendor's logo from a CDN; the page's own policy stops that in
      // the browser, before it is sent.
      expect(browser.refused).toEqual([]);
      expect(browser.blocked.filter((url) => url !== "https://cdn.redoc.ly/redoc/logo-mini.svg")).toEqual([]);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

interface Schema {
  properties?: Record<string, unknown>;
}
interface Example {
  summary: string;
  value: { message: string };
}
interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, { examples?: Record<string, Example> }> }>;
}
interface Spec {
  paths: Record<string, { post: Operation }>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Operation["responses"][string]>; examples?: Record<string, Example> };
}

/** The status and the example of that name among an operation's responses, following local $refs. */
function namedExample(spec: Spec, operation: Operation, name: string): [string, Example] {
  for (const [status, entry] of Object.entries(operation.responses)) {
    const response = entry.$ref ? spec.components.responses[entry.$ref.split("/").pop()!]! : entry;
    const found = response.content?.["application/json"]?.examples?.[name] as (Example & { $ref?: string }) | undefined;
    const example = found?.$ref ? spec.components.examples?.[found.$ref.split("/").pop()!] : found;
    if (example) return [status, example];
  }
  throw new Error(`no response example named ${name}`);
}
