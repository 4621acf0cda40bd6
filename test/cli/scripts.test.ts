import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/prism.mjs";

const root = join(import.meta.dirname, "..", "..");
const run = promisify(execFile);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  it("runs the demo on an embedded mock with no key, then stops the mock by its PID", async () => {
    const { stdout } = await run(process.execPath, [join(root, "scripts", "start.mjs")], { cwd: root, env: { PATH: process.env.PATH ?? "" }, timeout: 60_000 });
    expect(stdout).toMatch(/== Create a user[\s\S]*userId\s+1042[\s\S]*\(exit code 0\)/);
    expect(stdout).toMatch(/== List every user of network 1[\s\S]*jsmith[\s\S]*ajones[\s\S]*\(exit code 0\)/);
    expect(stdout).toMatch(/== A refused request[\s\S]*--password-stdin: password must contain at least[\s\S]*\(exit code 2\)/);
    const pid = Number(/\(PID (\d+)\)/.exec(stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
    expect(stdout).toMatch(/Mock stopped\. Done/);
  }, 60_000);
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
    const child = spawn(process.execPath, [join(root, "scripts", "mock.mjs"), "--port", String(port)], { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
    try {
      let out = "";
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
  }, 30_000);
});
