import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/prism.mjs";

const root = join(import.meta.dirname, "..", "..");
const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs a command to its end, whatever its exit code. */
async function outcome(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: root, timeout: 30_000, ...options });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Lines of npm's own output that warn about the machine's npm settings: not the project's. */
const machineNpmWarning = /^npm warn Unknown (user|global|project|env|builtin) config /;

describe("npm start", () => {
  it("runs the demo on the stateful fake with no key, each step as a real system would answer", async () => {
    const { stdout } = await run(process.execPath, [join(root, "scripts", "start.mjs")], { cwd: root, env: { PATH: process.env.PATH ?? "" }, timeout: 60_000 });
    const steps = stdout.split("\n== ").slice(1);
    const step = (title: RegExp) => steps.find((s) => title.test(s)) ?? "";
    // What was created is there to find: the login, with the id the fake gave it.
    const id = /userId\s+(\d+)/.exec(step(/^Create a user/))?.[1];
    expect(step(/^Create a user/)).toMatch(/login\s+jdoe[\s\S]*\(exit code 0\)/);
    expect(step(/^Find it by login/)).toMatch(new RegExp(`userId\\s+login[\\s\\S]*${id}\\s+jdoe[\\s\\S]*\\(exit code 0\\)`));
    // A listing over several pages, one request each, the new user among them.
    const listing = step(/^List network 1/);
    expect(listing.match(/^> POST .*\/v2\/users\/list/gm)).toHaveLength(3);
    expect(listing).toMatch(new RegExp(`^${id},jdoe,`, "m"));
    expect(step(/^Create the same login again/)).toMatch(/DuplicateObject \(HTTP 400\)[\s\S]*\(exit code 1\)/);
    expect(step(/^Change its role/)).toMatch(/authLevel\s+NetworkUser[\s\S]*\(exit code 0\)/);
    expect(step(/^A rate-limited call/)).toMatch(/HTTP 429 in \d+ ms, retrying in 1000 ms\n> GET .*\(attempt 2\): HTTP 200[\s\S]*\(exit code 0\)/);
    expect(step(/^Terminate it/)).toMatch(new RegExp(`User ${id} terminated\\.[\\s\\S]*\\(exit code 0\\)`));
    expect(step(/^A weak password is refused/)).toMatch(/--password-stdin: password must contain at least[\s\S]*\(exit code 2\)/);
    expect(stdout).toMatch(/Fake closed\. Done/);
  }, 60_000);
});

describe("npm start on a fresh copy of the project", () => {
  it("builds dist/ itself, and prints no warning and no progress of the build", async () => {
    // A copy, so that building there cannot pull dist/ from under the other suites.
    const dir = mkdtempSync(join(tmpdir(), "ecgrid-start-"));
    try {
      for (const part of ["src", "generated", "openapi", "scripts", "package.json", "tsconfig.json", "tsconfig.build.json", "redocly.yaml"]) cpSync(join(root, part), join(dir, part), { recursive: true });
      symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
      const start = await outcome(npm, ["start"], { cwd: dir, timeout: 90_000 });
      expect(start.code, start.stderr).toBe(0);
      expect(existsSync(join(dir, "dist", "cli", "main.js"))).toBe(true);
      expect(start.stdout).toMatch(/Fake closed\. Done/);
      expect(start.stderr.split("\n").filter((line) => line.trim() !== "" && !machineNpmWarning.test(line))).toEqual([]);
      expect(start.stdout).not.toMatch(/📦|Created a bundle|bundling |NO_PATH_MATCHED|warn/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe("the scripts' flags", () => {
  it("npm run mock --port N (no --) prints the usage and the command to type, exit 2", async () => {
    const mock = await outcome(npm, ["run", "mock", "--port", "4012"]);
    expect(mock.code).toBe(2);
    expect(mock.stderr).toMatch(/^npm took --port as its own option\. Put -- before the script's flags: npm run mock -- --port 4012$/m);
    expect(mock.stderr).toMatch(/^Usage: npm run mock -- \[--port N\]/m);
    expect(mock.stderr).not.toMatch(/TypeError|at .*\.mjs:\d+/);
  });

  it.each([
    ["mock", join("scripts", "mock.mjs"), /^Usage: npm run mock -- \[--port N\]/m],
    ["bench", join("scripts", "bench", "run.mjs"), /^Usage: npm run bench \[-- --json\] \[--quick\]/m],
    ["load", join("scripts", "load.mjs"), /^Usage: npm run load \[-- --json\] \[--quick\]/m],
  ])("npm run %s -- --help prints the usage, and an unknown flag prints it with exit 2", async (_, script, usage) => {
    const help = await outcome(process.execPath, [join(root, script), "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(usage);
    expect(help.stderr).toBe("");
    const wrong = await outcome(process.execPath, [join(root, script), "--jsno"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^Unknown option '--jsno'/);
    expect(wrong.stderr).toMatch(usage);
    expect(wrong.stderr).not.toMatch(/TypeError/);
  });

  it("npm run load --quick (no --) names the flag npm took", async () => {
    const load = await outcome(process.execPath, [join(root, "scripts", "load.mjs")], { env: { ...process.env, npm_lifecycle_event: "load", npm_config_quick: "true" } });
    expect(load.code).toBe(2);
    expect(load.stderr).toMatch(/^npm took --quick as its own option\. Put -- before the script's flags: npm run load -- --quick$/m);
  });
});

describe("npx ecgrid-users", () => {
  it("explains itself from the project folder", async () => {
    const { stdout } = await run("npx", ["--no-install", "ecgrid-users", "--help"], { cwd: root, timeout: 30_000 });
    expect(stdout).toMatch(/Usage: ecgrid-users <command> \[options\]/);
  }, 30_000);
});

describe("npm run mock", () => {
  it("serves the spec on the given port, prints a curl line, and stops on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, "scripts", "mock.mjs"), "--port", String(port)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 20 s: ${out}`)), 20_000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("curl")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(out).toContain(`listening on http://127.0.0.1:${port}`);
      const curl = /curl .*$/m.exec(out)?.[0] ?? "";
      expect(curl).toContain(`http://127.0.0.1:${port}/v2/users/list`);
      const response = await fetch(`http://127.0.0.1:${port}/v2/users/list`, { method: "POST", headers: { "X-API-Key": "k", "Content-Type": "application/json" }, body: "{}" });
      expect(response.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
    // Prism logs the request above; the readiness probe left no line, and no error at all.
    expect(out).toMatch(/post \/v2\/users\/list/i);
    expect(out).not.toMatch(/NO_PATH_MATCHED|✖|error/i);
  }, 30_000);
});
