import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { SECRET_KEY } from "../support/fake-fetch.js";

const cli = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), typing `typed` once `waitFor`
 * appears. stdout and stderr share the terminal, as they do for a person.
 */
function onTerminal(args: string[], typed?: { waitFor: string; text: string }): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, cli, ...args].map((a) => `'${a}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], { env: { PATH: process.env.PATH ?? "", ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: inject("prismUrl"), TERM: "dumb" } });
    let screen = "";
    let sent = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no exit within 10 s; screen so far: ${screen}`));
    }, 10_000);
    child.stdout.on("data", (d: Buffer) => {
      screen += d.toString();
      if (typed && !sent && screen.includes(typed.waitFor)) {
        sent = true;
        child.stdin.write(typed.text);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe("on a terminal", () => {
  it("create prompts for the password without echoing it", async () => {
    const password = "Typed-Pa55word!";
    const run = await onTerminal(["create", "--login", "jsmith", "--email", "jsmith@example.com"], { waitFor: "Password: ", text: `${password}\r` });
    expect(run.code).toBe(0);
    expect(run.screen).toContain("Password: ");
    expect(run.screen).not.toContain(password);
    expect(run.screen).toMatch(/userId\s+1042/);
  });

  it("list defaults to a table, and --all reports progress", async () => {
    const run = await onTerminal(["list", "--all"]);
    expect(run.code).toBe(0);
    expect(run.screen).toMatch(/page 1, 2 users: done/);
    expect(run.screen).toMatch(/userId\s+login\s+email/);
  });
});
