import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SECRET_KEY, SECRET_PASSWORD, user } from "../support/fake-fetch.js";
import { localServer, sendJson, type LocalServer } from "../support/local-server.js";
import { ATTACKS, RAW_CONTROL } from "../support/attacks.js";
const hostileUsers = Object.values(ATTACKS).map((attack, i) => user(i + 1, { firstName: attack, login: `u${i}${attack}` }));

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const env = () => ({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: server!.url });

describe("text from the server reaches the terminal escaped, never obeyed", () => {
  it.each(["table", "csv"])("in --output %s", async (output) => {
    server = await localServer((_, res) => sendJson(res, 200, { success: true, data: hostileUsers }));
    const run = await runCli(["list", "--output", output], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain("\\e[2J");
  });

  it("in create's output", async () => {
    server = await localServer((_, res) => sendJson(res, 200, { success: true, data: user(5, { lastName: ATTACKS["window title"], [ATTACKS["clear screen"]]: "key" }) }));
    const run = await runCli(["create", "--login", "a", "--email", "a@b.co", "--password-stdin", "--output", "table"], { env: env(), stdin: `${SECRET_PASSWORD}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  });

  it("in error messages on stderr", async () => {
    server = await localServer((_, res) => sendJson(res, 400, { success: false, errorCode: `Bad${ATTACKS["clear screen"]}`, message: `no ${ATTACKS["OSC 8 hyperlink"]} ${ATTACKS.backspace}`, data: null }));
    const run = await runCli(["list"], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ecgrid-users: Bad\\e\[2J\\e\[H \(HTTP 400\): no \\e\]8;;https:\/\/evil\.example/);
    expect(run.stderr.slice(0, -1)).not.toMatch(RAW_CONTROL);
  });

  it("while JSON and NDJSON stay exact JSON", async () => {
    server = await localServer((_, res) => sendJson(res, 200, { success: true, data: hostileUsers }));
    const json = await runCli(["list", "--output", "json"], { env: env() });
    expect(JSON.parse(json.stdout)).toStrictEqual(hostileUsers);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    const ndjson = await runCli(["list", "--output", "ndjson"], { env: env() });
    expect(ndjson.stdout.trim().split("\n").map((line) => JSON.parse(line) as unknown)).toStrictEqual(hostileUsers);
    expect(ndjson.stdout).not.toMatch(RAW_CONTROL);
  });
});

describe("a closed pipe (`ecgrid-users list --all --output ndjson | head -1`)", () => {
  it("ends the command quietly, exit 141 as for SIGPIPE, without fetching every page", async () => {
    // An endless directory: every page is full.
    server = await localServer((request, res) => {
      const { pageNo = 1 } = JSON.parse(request.body) as { pageNo?: number };
      sendJson(res, 200, { success: true, data: Array.from({ length: 25 }, (_, i) => user((pageNo - 1) * 25 + i + 1, { note: "x".repeat(2000) })) });
    });
    const child = spawn(process.execPath, [join(import.meta.dirname, "..", "..", "dist", "cli", "main.js"), "list", "--all", "--output", "ndjson"], { env: { PATH: process.env.PATH ?? "", ...env() }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read one line, then close the pipe.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`still running after 10 s; stderr: ${stderr}`));
      }, 10_000);
      child.on("close", (exit) => {
        clearTimeout(timer);
        resolve(exit);
      });
    });
    expect({ code, stderr }).toEqual({ code: 141, stderr: "" });
    expect(server.received.length).toBeLessThan(50);
  });
});

describe("arguments that may be secrets are never echoed", () => {
  it("a password typed as a stray argument", async () => {
    const run = await runCli(["create", "--login", "a", "--email", "a@b.co", SECRET_PASSWORD], { env: { ECGRID_API_KEY: SECRET_KEY } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("ecgrid-users: unexpected argument (not shown, in case it is a secret): 'create' takes only flags.\nSee 'ecgrid-users create --help'.\n");
  });

  it("a key with a trailing line break, named by where it came from", async () => {
    const run = await runCli(["list"], { env: { ECGRID_API_KEY: `${SECRET_KEY}\n` } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("ecgrid-users: ECGRID_API_KEY: The ECGrid API key must not start or end with whitespace.\n");
  });
});
