import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createContext, runInContext } from "node:vm";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";

const dist = join(import.meta.dirname, "..", "..", "dist");

/** Every file of dist/ that `entry` loads, itself included: static imports, re-exports and dynamic imports. */
function reachable(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const code = readFileSync(file, "utf8");
    seen.set(file, code);
    for (const [, spec] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)) visit(resolve(dirname(file), spec!));
  };
  visit(join(dist, entry));
  return seen;
}

/** What only the fake's code holds: esbuild's comments name its source files, and its messages are its own. */
const FAKE_MARKERS = [/src\/testing\//, /createFakeEcgrid/, /reset-after-apply/, /The API has no operation at/, /api-caller/];

describe("ecgrid-users/testing in the build", () => {
  it.each(["index.js", "transport-node.js", "cli/main.js"])("nothing of the fake is in dist/%s or anything it loads", (entry) => {
    const files = reachable(entry);
    // The walk follows imports: the client loads the Node transport, and chunks named with a hash
    // (the redactor's patterns, the create's recovery, listAll's page walk); the command line loads the client.
    const client = ["index.js", "transport-node.js", "chunks/redact-mixed.js", "chunks/create-recovery.js", "chunks/page-walk.js"];
    const loads = { "index.js": client, "transport-node.js": ["transport-node.js"], "cli/main.js": ["cli/main.js", ...client] }[entry]!;
    expect([...files.keys()].map((f) => f.slice(dist.length + 1).replace(/-[A-Z0-9]{8}\.js$/, ".js")).sort()).toEqual([...loads].sort());
    for (const [file, code] of files) for (const marker of FAKE_MARKERS) expect(marker.test(code), `${file} holds ${String(marker)}`).toBe(false);
  });

  it("dist/index.js loads no other module at import, and its chunks import nothing of it", () => {
    // A chunk that imported a value of the client would make esbuild move that value into a
    // chunk shared with dist/index.js, which every program would then load at import.
    const staticImports = (code: string) => [...code.matchAll(/^\s*(?:import|export)\b[^;("']*\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map((m) => m[1] ?? m[2]);
    const files = reachable("index.js");
    expect(staticImports(files.get(join(dist, "index.js"))!)).toEqual([]);
    for (const [file, code] of files) {
      if (!file.includes(`${join(dist, "chunks")}`)) continue;
      expect(staticImports(code), file).toEqual([]);
    }
  });

  it("dist/testing.js holds the fake, imports no package (no runtime dependency) and node:http only when listen() is called", () => {
    const files = reachable("testing.js");
    const code = [...files.values()].join("\n");
    expect(FAKE_MARKERS.every((m) => m.test(code))).toBe(true);
    const imports = [...code.matchAll(/(?:\bfrom\s*|\bimport\s+)["']([^"'.][^"']*)["']/g)].map((m) => m[1]);
    expect(imports).toEqual([]);
    expect([...code.matchAll(/\bimport\s*\(\s*["']([^"'.][^"']*)["']/g)].map((m) => m[1])).toEqual(["node:http"]);
  });

  it("runs in a runtime that has fetch and nothing of Node: no process, Buffer or require", async () => {
    const bundle = await esbuild.build({ entryPoints: [join(dist, "testing.js")], bundle: true, format: "iife", globalName: "testing", platform: "browser", external: ["node:http"], write: false, logLevel: "error" });
    const globals = { Request, Response, Headers, URL, AbortController, TextEncoder, TextDecoder, crypto: globalThis.crypto, structuredClone, console };
    const context = createContext({ ...globals, globalThis: undefined });
    runInContext("globalThis = this;", context);
    runInContext(bundle.outputFiles[0]!.text, context);
    const run = runInContext(
      `(async () => {
        if (typeof process !== "undefined" || typeof Buffer !== "undefined" || typeof require !== "undefined") throw new Error("Node globals leaked in");
        const fake = testing.createFakeEcgrid(testing.exampleNetwork());
        const post = (path, body) => fake.fetch("http://localhost" + path, { method: "POST", headers: { "x-api-key": "k" }, body: JSON.stringify(body) });
        const created = await (await post("/v2/users", { login: "edge", password: "Passw0rd!", email: "edge@example.com" })).json();
        const page = await (await post("/v2/users/list", { pageNo: 3 })).json();
        const refused = await (await post("/v2/users/list", { pageNo: 0 })).json();
        return JSON.stringify({ created: created.data.login, page: page.data.length, refused: refused.message, users: fake.users.length });
      })()`,
      context,
    ) as Promise<string>;
    expect(JSON.parse(await run)).toStrictEqual({ created: "edge", page: 11, refused: "pageNo must be >= 1", users: 66 });
  });
});
