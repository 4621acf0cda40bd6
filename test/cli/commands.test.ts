import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { runCli } from "../support/cli.js";
import { SECRET_KEY, user } from "../support/fake-fetch.js";
import { localServer, sendJson, type LocalServer } from "../support/local-server.js";

const mockEnv = () => ({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: inject("prismUrl") });
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("every command against the mock, piped (JSON out)", () => {
  it.each([
    [["get", "1042"], (out: unknown) => expect(out).toMatchObject({ userId: 1042, login: "jsmith" })],
    [["get", "--login", "jsmith"], (out: unknown) => expect(out).toEqual([expect.objectContaining({ login: "jsmith" })])],
    [["whoami"], (out: unknown) => expect(out).toMatchObject({ userId: expect.any(Number) })],
    [["update", "1042", "--email", "john.smith@example.com"], (out: unknown) => expect(out).toMatchObject({ userId: 1042 })],
    [["set-role", "1042", "--auth-level", "networkadmin", "--network-id", "1"], (out: unknown) => expect(out).toMatchObject({ authLevel: "NetworkAdmin" })],
    [["set-network-mailbox", "1042", "--network-id", "2", "--mailbox-id", "205"], (out: unknown) => expect(out).toMatchObject({ networkId: 2, mailboxId: 205 })],
    [["generate-password", "--length", "16"], (out: unknown) => expect(out).toEqual(expect.stringMatching(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^a-zA-Z0-9]).+$/))],
    [["terminate", "1042", "--yes"], (out: unknown) => expect(out).toBe(true)],
    [["reset-sessions", "1042"], (out: unknown) => expect(out).toBe(true)],
    [["send-sms", "1042", "--message", "Your parcel is ready."], (out: unknown) => expect(out).toBe(true)],
    [["update-config", "1042", "--set", "cellCarrier=Verizon", "--set-json", "notify=true"], (out: unknown) => expect(out).toBe(true)],
    [["api-key", "1042"], (out: unknown) => expect(out).toEqual(expect.any(String))],
    [["api-key", "1042", "--generate", "--yes"], (out: unknown) => expect(out).toEqual(expect.any(String))],
  ] as const)("%j", async (args, check) => {
    const run = await runCli([...args], { env: mockEnv() });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    check(JSON.parse(run.stdout));
  });

  it("set-password reads the new password from stdin and prints nothing of it", async () => {
    const password = "Fresh-Passw0rd!";
    const run = await runCli(["set-password", "1042", "--password-stdin", "--verbose"], { env: mockEnv(), stdin: `${password}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("true\n");
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});

describe("for people (--output table)", () => {
  it.each([
    [["terminate", "1042", "--yes"], /^User 1042 terminated\.\n$/],
    [["reset-sessions", "1042"], /^Sessions of user 1042 invalidated\.\n$/],
    [["get", "1042"], /^userId\s+1042\nlogin\s+jsmith\n/],
  ])("%j", async (args, expected) => {
    const run = await runCli([...args, "--output", "table"], { env: mockEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(expected);
  });
});

describe("secrets the user asked for go to stdout only", () => {
  const ISSUED = "f9e8d7c6-b5a4-3210-fedc-ba9876543210";
  it.each([
    [["api-key", "1042"], "/v2/users/key/1042"],
    [["api-key", "1042", "--generate", "--yes"], "/v2/users/key-generate/1042"],
    [["generate-password"], "/v2/users/generate-password"],
  ])("%j: the secret alone on stdout; never on stderr, even with --verbose", async (args, path) => {
    server = await localServer((request, res) => sendJson(res, request.url === path ? 200 : 404, { success: true, data: ISSUED }));
    const run = await runCli([...args, "--verbose", "--output", "table"], { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: server.url } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${ISSUED}\n`);
    expect(run.stderr).toMatch(/^> (GET|POST) /);
    expect(run.stderr).not.toContain(ISSUED);
  });
});

describe("operations that cannot be undone", () => {
  it.each([
    [["terminate", "1042"], "ecgrid-users: refusing to terminate user 1042 without confirmation: stdin is not a terminal, so there is no one to ask.\nAdd --yes to confirm it.\n"],
    [["api-key", "1042", "--generate"], "ecgrid-users: refusing to replace the API key of user 1042 (the old key stops working at once) without confirmation: stdin is not a terminal, so there is no one to ask.\nAdd --yes to confirm it.\n"],
  ])("%j without a terminal and without --yes: refused, exit 2, nothing sent", async (args, message) => {
    server = await localServer((_, res) => sendJson(res, 200, { success: true, data: true }));
    const run = await runCli(args, { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: server.url } });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: message });
    expect(server.received).toHaveLength(0);
  });
});

describe("the command line guides, the way git and gh do", () => {
  it("global flags work before or after the command", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ecgrid-key-")), "key");
    writeFileSync(file, `${SECRET_KEY}\n`, { mode: 0o600 });
    for (const args of [
      ["--verbose", "--base-url", inject("prismUrl"), "--api-key-file", file, "whoami"],
      ["whoami", "--verbose", "--base-url", inject("prismUrl"), "--api-key-file", file],
      ["--base-url", inject("prismUrl"), "get", "--verbose", "1042", "--api-key-file", file],
    ]) {
      const run = await runCli(args);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toMatch(/^> GET /);
    }
  });

  it.each(["create", "list", "get", "whoami", "update", "set-role", "set-network-mailbox", "set-password", "generate-password", "terminate", "reset-sessions", "send-sms", "update-config", "api-key"])(
    "-h and --help work on %s, and the main help lists it",
    async (command) => {
      const short = await runCli([command, "-h"]);
      const long = await runCli(["--help", command]);
      expect(short).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^Usage: ecgrid-users ${command}`)) });
      expect(long.stdout).toBe(short.stdout);
      expect((await runCli(["--help"])).stdout).toMatch(new RegExp(`\\n  ${command} +\\S`));
    },
  );

  it("matches enum values without regard to case, and sends the canonical one", async () => {
    server = await localServer((_, res) => sendJson(res, 200, { success: true, data: [] }));
    const run = await runCli(["list", "--status", "active", "--auth-level", "MAILBOXUSER"], { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: server.url } });
    expect(run.code).toBe(0);
    expect(JSON.parse(server.received[0]!.body)).toEqual({ status: "Active", authLevel: "MailboxUser" });
  });

  it.each([
    [["list", "--status", "Actve"], "ecgrid-users: --status must be one of Development, Active, Preproduction, Suspended, Terminated; got 'Actve'. Did you mean Active?\n"],
    [["lsit"], "ecgrid-users: unknown command 'lsit'. Did you mean 'list'?\nSee 'ecgrid-users --help' for the commands.\n"],
    [["list", "--netwrk-id", "1"], "ecgrid-users: unknown flag --netwrk-id for 'list'. Did you mean --network-id?\nSee 'ecgrid-users list --help'.\n"],
    [["get", "12x"], "ecgrid-users: the user id must be a whole number, such as 1042.\nSee 'ecgrid-users get --help'.\n"],
    [["terminate"], "ecgrid-users: 'terminate' needs a user id: ecgrid-users terminate <user-id>.\nSee 'ecgrid-users terminate --help'.\n"],
    [["list", "--page=-XYZ"], "ecgrid-users: --page must be a whole number, not '-XYZ'.\n"],
    [["list", "--login"], "ecgrid-users: unknown flag --login for 'list'.\nSee 'ecgrid-users list --help'.\n"],
  ])("%j: one clear message, then what to do, exit 2", async (args, stderr) => {
    const run = await runCli(args, { env: mockEnv() });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr });
    expect(run.stderr).not.toMatch(/\.\./);
  });
});

describe("after an error, one line says what to do next", () => {
  const env = () => ({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: server!.url });

  it("a 429 with a long Retry-After: how long to wait", async () => {
    server = await localServer((_, res) => sendJson(res, 429, { success: false, errorCode: "RateLimitExceeded", message: "Rate limit exceeded.", data: null }, { "retry-after": "120" }));
    const run = await runCli(["whoami"], { env: env() });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: "ecgrid-users: RateLimitExceeded (HTTP 429): Rate limit exceeded.\nThe server asks to wait 2 minutes before the next request.\n" });
  });

  it("a create whose outcome nobody can tell: how to check whether the user exists", async () => {
    // The create is answered with a dropped connection, and the lookup fails too.
    const dropping = await localServer((request, res) => {
      if (request.url === "/v2/users") return void res.socket?.destroy();
      sendJson(res, 500, { success: false, errorCode: "InternalError", message: "lookup down", data: null });
    });
    try {
      const run = await runCli(["create", "--login", "jsmith", "--email", "jsmith@example.com", "--password-stdin"], { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: dropping.url }, stdin: "Passw0rd!\n", timeoutMs: 20_000 });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^ecgrid-users: Network error on POST http:\/\/127\.0\.0\.1:\d+\/v2\/users: .*\nThe user may or may not have been created \(the lookup failed too\): check with 'ecgrid-users get --login jsmith' before trying again\.\n$/);
    } finally {
      await dropping.close();
    }
  });

  it("an https base URL that reaches a plain-http server: says so, instead of OpenSSL's 'wrong version number'", async () => {
    server = await localServer((_, res) => sendJson(res, 200, { success: true, data: [] }));
    const https = server.url.replace("http:", "https:");
    const run = await runCli(["whoami", "--base-url", https], { env: { ECGRID_API_KEY: SECRET_KEY } });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: `ecgrid-users: ${https} answered in plain HTTP, not TLS, but --base-url says https.\nIf it is a plain-http server on this machine, set --base-url to ${server.url}.\n` });
  });

  it("nothing listening: names what the user set", async () => {
    server = await localServer(() => {});
    const url = server.url;
    await server.close();
    server = undefined;
    const run = await runCli(["whoami", "--base-url", url], { env: { ECGRID_API_KEY: SECRET_KEY }, timeoutMs: 20_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\nNothing answered there: check --base-url, and that the server is running\.\n$/);
  });
});
