import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { SECRET_KEY, user } from "../support/fake-fetch.js";
import { localServer, sendJson } from "../support/local-server.js";

const cli = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), typing each step's `text` once its
 * `waitFor` appears on the screen after the previous step's. stdout and stderr share the
 * terminal, as they do for a person.
 */
function onTerminal(args: string[], typed: { waitFor: string; text: string }[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, cli, ...args].map((a) => `'${a}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], { env: { PATH: process.env.PATH ?? "", ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: inject("prismUrl"), TERM: "dumb", ...env } });
    let screen = "";
    let seen = 0;
    let step = 0;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no exit within 10 s; screen so far: ${screen}`));
    }, 10_000);
    child.stdout.on("data", (d: Buffer) => {
      screen += d.toString();
      const next = typed[step];
      const at = next === undefined ? -1 : screen.indexOf(next.waitFor, seen);
      if (next !== undefined && at !== -1) {
        seen = at + next.waitFor.length;
        step++;
        child.stdin.write(next.text);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe("on a terminal", () => {
  it("create prompts twice for the password without echoing it", async () => {
    const password = "Typed-Pa55word!";
    const run = await onTerminal(["create", "--login", "jsmith", "--email", "jsmith@example.com"], [
      { waitFor: "Password: ", text: `${password}\r` },
      { waitFor: "Password (again): ", text: `${password}\r` },
    ]);
    expect(run.code).toBe(0);
    expect(run.screen).not.toContain(password);
    expect(run.screen).toMatch(/userId\s+1042/);
  });

  it("refuses two passwords that differ, sending nothing", async () => {
    const run = await onTerminal(["create", "--login", "jsmith", "--email", "jsmith@example.com"], [
      { waitFor: "Password: ", text: "Typed-Pa55word!\r" },
      { waitFor: "Password (again): ", text: "Typed-Pa55word?\r" },
    ]);
    expect(run.code).toBe(2);
    expect(run.screen).toMatch(/ecgrid-users: the two passwords typed do not match; nothing was sent\.\r?\nRun the command again\./);
  });

  it("names a weak password typed at the prompt as the password, not as --password-stdin", async () => {
    const run = await onTerminal(["create", "--login", "jsmith", "--email", "jsmith@example.com"], [
      { waitFor: "Password: ", text: "weakpass\r" },
      { waitFor: "Password (again): ", text: "weakpass\r" },
    ]);
    expect(run.code).toBe(2);
    expect(run.screen).toMatch(/ecgrid-users: password: password must contain at least an uppercase letter, a digit, a special character/);
    expect(run.screen).not.toContain("--password-stdin:");
  });

  it("terminate asks first; anything but yes sends nothing", async () => {
    const no = await onTerminal(["terminate", "1042"], [{ waitFor: "[y/N] ", text: "n\r" }]);
    expect(no.code).toBe(1);
    expect(no.screen).toMatch(/Terminate user 1042\? This cannot be undone\. \[y\/N\][\s\S]*ecgrid-users: not confirmed: nothing was sent\./);
    const yes = await onTerminal(["terminate", "1042"], [{ waitFor: "[y/N] ", text: "yes\r" }]);
    expect(yes.code).toBe(0);
    expect(yes.screen).toMatch(/User 1042 terminated\./);
  });

  it("list defaults to a table, and --all reports progress on a line it clears fully", async () => {
    const run = await onTerminal(["list", "--all"]);
    expect(run.code).toBe(0);
    // The last rewrite of the progress line covers the longer one before it: no "doner".
    expect(run.screen).toMatch(/\rpage 1, 2 users: done +\r?\n/);
    expect(run.screen).not.toMatch(/doner/);
    expect(run.screen).toMatch(/userId\s+login\s+email/);
  });

  it("an error after some progress starts on a line of its own, with the prefix", async () => {
    const server = await localServer((request, res) => {
      const { pageNo = 1 } = JSON.parse(request.body) as { pageNo?: number };
      if (pageNo === 1) return sendJson(res, 200, { success: true, data: Array.from({ length: 25 }, (_, i) => user(i + 1)) });
      sendJson(res, 403, { success: false, errorCode: "AccessDenied", message: "no more", data: null });
    });
    try {
      const run = await onTerminal(["list", "--all"], [], { ECGRID_BASE_URL: server.url });
      expect(run.code).toBe(1);
      expect(run.screen).toMatch(/page 1, 25 users so far\r?\necgrid-users: AccessDenied \(HTTP 403\): no more/);
    } finally {
      await server.close();
    }
  });
});
