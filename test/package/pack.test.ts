import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let dir: string;
let files: string[];
let installOutput: string;

/** A consumer script: builds a client on a fake transport, lists once, prints what it got. */
const consumer = (load: string) => `
${load}
const fetch = async () => new Response(JSON.stringify({ success: true, data: [{ userId: 1, login: "a" }] }), { status: 200 });
const ecgrid = m.createEcgridClient({ apiKey: "k", fetch });
ecgrid.users.list({}).then((users) => {
  let kind;
  try { m.createEcgridClient({ apiKey: "" }); } catch (e) { kind = m.isEcgridError(e) && e.name; }
  console.log(JSON.stringify({ users, levels: m.AUTH_LEVELS.length, error: kind, classes: typeof m.EcgridApiError }));
});`;

/** A consumer's test of its own code on the fake: in-process, then over HTTP. */
const testingConsumer = (load: string) => `
${load}
(async () => {
  const fake = t.createFakeEcgrid({ users: [{ login: "ajones" }] });
  const ecgrid = m.createEcgridClient({ apiKey: "k", baseUrl: "http://localhost", fetch: fake.fetch });
  const created = await ecgrid.users.create({ login: "bkhan", password: "Passw0rd!", email: "bkhan@example.com" });
  const server = await fake.listen();
  const overHttp = m.createEcgridClient({ apiKey: "k", baseUrl: server.url, maxRetries: 0 });
  const duplicate = await overHttp.users.create({ login: "bkhan", password: "Passw0rd!", email: "bkhan@example.com" }).catch((e) => e.errorCode);
  const logins = (await overHttp.users.list()).map((u) => u.login);
  await server.close();
  console.log(JSON.stringify({ created: created.userId, duplicate, logins, stored: fake.users.length, network: t.exampleNetwork().users.length }));
})();`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ecgrid-pack-"));
  // dist/ was built by the global setup; rebuilding here would pull it from under the CLI tests.
  const { stdout } = await run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root });
  files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  // As a consumer installs it: scripts not ignored, so npm reports any install script of ours.
  // The lockfile install has already cached openapi-fetch, so this needs no network.
  const install = await run(npm, ["install", join(dir, tarball!), "--prefer-offline", "--no-audit", "--no-fund", "--no-update-notifier"], { cwd: dir });
  installOutput = install.stdout + install.stderr;
  writeFileSync(join(dir, "esm.mjs"), consumer(`import * as m from "ecgrid-users";`));
  writeFileSync(join(dir, "cjs.cjs"), consumer(`const m = require("ecgrid-users");`));
  writeFileSync(join(dir, "testing.mjs"), testingConsumer(`import * as m from "ecgrid-users"; import * as t from "ecgrid-users/testing";`));
  writeFileSync(join(dir, "testing.cjs"), testingConsumer(`const m = require("ecgrid-users"); const t = require("ecgrid-users/testing");`));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the packed package", () => {
  it("ships the built code and types, and nothing of the repo's sources or tests", () => {
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/transport-node.js", "dist/cli/main.js", "dist/src/index.d.ts", "dist/generated/schema.d.ts", "dist/openapi.json", "dist/testing.js", "dist/src/testing/index.d.ts"]),
    );
    expect(files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(f))).toEqual([]);
    // dist/src/testing/ is the fake's types, which ship; a test file or folder must not.
    expect(files.filter((f) => /(^|\/)tests?\/|\.test(-d)?\.|\.map$/.test(f) || (f.startsWith("dist/src/") && !f.endsWith(".d.ts")))).toEqual([]);
  });

  it("installs quietly: no install script, no warning of ours", () => {
    // The machine's own npm settings may draw "Unknown user config" warnings: those are not the package's.
    const lines = installOutput.split("\n").filter((line) => /^npm (warn|error)/i.test(line) && !/Unknown (user|global|project|env|builtin) config/.test(line));
    expect(lines).toEqual([]);
    expect(installOutput).toMatch(/added \d+ packages?/);
    const shipped = JSON.parse(readFileSync(join(dir, "node_modules", "ecgrid-users", "package.json"), "utf8")) as { scripts?: Record<string, string>; devDependencies?: Record<string, string> };
    expect(Object.keys(shipped.scripts ?? {}).filter((name) => ["preinstall", "install", "postinstall", "prepare"].includes(name))).toEqual([]);
    expect(shipped.devDependencies?.["ecgrid-users"]).toBeUndefined();
  });

  it("ships the contract as ecgrid-users/openapi.json, and the command line as a bin", async () => {
    const script = `import spec from "ecgrid-users/openapi.json" with { type: "json" }; console.log(Object.values(spec.paths).flatMap((p) => Object.values(p).map((o) => o.operationId)).filter(Boolean).length, spec.info.version);`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: dir });
    // Every user operation of the REST API, and the API's version.
    expect(stdout.trim()).toBe("16 2.6.0");
    const help = await run(join(dir, "node_modules", ".bin", "ecgrid-users"), ["--version"], { cwd: dir });
    expect(help.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    ["ESM import", "esm.mjs"],
    ["CommonJS require", "cjs.cjs"],
  ])("works from %s once installed elsewhere", async (_, script) => {
    const { stdout, stderr } = await run(process.execPath, [script], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ users: [{ userId: 1, login: "a" }], levels: 10, error: "EcgridError", classes: "function" });
    expect(stderr).toBe("");
  });
});

describe("ecgrid-users/testing from the packed package", () => {
  it.each([
    ["ESM import", "testing.mjs"],
    ["CommonJS require", "testing.cjs"],
  ])("works from %s: the fake in-process and over HTTP", async (_, script) => {
    const { stdout, stderr } = await run(process.execPath, [script], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ created: 1002, duplicate: "DuplicateObject", logins: ["ajones", "bkhan"], stored: 2, network: 65 });
    expect(stderr).toBe("");
  });

  it("types the fake for a consumer: the subpath resolves to its declarations", () => {
    const shipped = JSON.parse(readFileSync(join(dir, "node_modules", "ecgrid-users", "package.json"), "utf8")) as { exports: Record<string, { types: string; default: string }> };
    expect(shipped.exports["./testing"]).toEqual({ types: "./dist/src/testing/index.d.ts", default: "./dist/testing.js" });
    const types = readFileSync(join(dir, "node_modules", "ecgrid-users", "dist", "src", "testing", "index.d.ts"), "utf8");
    expect(types).toMatch(/export \{ createFakeEcgrid \}/);
  });
});
