import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { CREATE_AUTH_LEVELS, USER_STATUSES } from "../../src/index.js";
import { runCli, type CliRun } from "../support/cli.js";
import { SECRET_KEY, SECRET_PASSWORD } from "../support/fake-fetch.js";
import { localServer, sendJson, type LocalServer } from "../support/local-server.js";
import { seedJson } from "../support/mock.js";

const mockEnv = () => ({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: inject("prismUrl") });
const seedUsers = () => (seedJson("list-users")[1] as { data: Record<string, unknown>[] }).data;
const version = (JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function expectNoSecrets(run: CliRun) {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(SECRET_PASSWORD);
  }
}

describe("help and version", () => {
  it("--help lists the commands and the environment, exit 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: ecgrid-users <command>/);
    expect(run.stdout).toMatch(/create\s+Create a user/);
    expect(run.stdout).toMatch(/list\s+List users/);
    expect(run.stdout).toMatch(/ECGRID_API_KEY/);
  });

  it("each command's --help lists its flags, with enum values taken from the spec", async () => {
    const create = await runCli(["create", "--help"]);
    expect(create.code).toBe(0);
    // Create refuses NoChange ("not valid for UserAdd"), so its help does not offer it.
    expect(create.stdout).toContain(`One of: ${CREATE_AUTH_LEVELS.join(", ")}.`);
    expect(create.stdout).toMatch(/--password-stdin/);
    const list = await runCli(["list", "--help"]);
    expect(list.stdout).toContain(`One of: ${USER_STATUSES.join(", ")}.`);
    expect(list.stdout).toMatch(/--output <format>.*One of: table, json, ndjson, csv/);
  });

  it("--version prints the package's version", async () => {
    expect(await runCli(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("no command prints help on stderr, exit 2", async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage:/);
  });
});

describe("create against the mock", () => {
  it("reads the password from stdin and prints the new user as JSON when piped", async () => {
    const run = await runCli(["create", "--login", "jsmith", "--email", "jsmith@example.com", "--auth-level", "MailboxAdmin", "--password-stdin"], { env: mockEnv(), stdin: `${SECRET_PASSWORD}\n` });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toStrictEqual((seedJson("create-user")[1] as { data: unknown }).data);
    expectNoSecrets(run);
  });

  it("refuses --password, pointing to --password-stdin, exit 2", async () => {
    const run = await runCli(["create", "--login", "a", "--email", "a@b.co", "--password", SECRET_PASSWORD], { env: mockEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--password is not accepted.*--password-stdin/);
    expectNoSecrets(run);
  });

  it("refuses --api-key, pointing to ECGRID_API_KEY and --api-key-file", async () => {
    const run = await runCli(["list", `--api-key=${SECRET_KEY}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ECGRID_API_KEY or use --api-key-file/);
    expectNoSecrets(run);
  });

  it("without --password-stdin and without a terminal, says how to give one", async () => {
    const run = await runCli(["create", "--login", "a", "--email", "a@b.co"], { env: mockEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--password-stdin/);
  });

  it.each([
    [["--login", "a", "--email", "a@b.co", "--password-stdin"], "password\n", /--password-stdin: password must contain at least an uppercase letter, a digit, a special character/],
    [["--login", "a", "--email", "not-an-email", "--password-stdin"], "Passw0rd!\n", /--email: email must be a valid email address/],
    [["--login", "a", "--email", "a@b.co", "--auth-level", "Boss", "--password-stdin"], "Passw0rd!\n", /--auth-level must be one of Root, TechOps.*; got 'Boss'\.\n$/],
    [["--login", "a", "--email", "a@b.co", "--auth-level", "NoChange", "--password-stdin"], "Passw0rd!\n", /--auth-level must be one of Root, TechOps.*; got 'NoChange'/],
    [["--login", "a", "--email", "a@b.co", "--network-id", "1.5", "--password-stdin"], "Passw0rd!\n", /--network-id must be a whole number/],
    [["--email", "a@b.co", "--password-stdin"], "Passw0rd!\n", /--login is required/],
  ])("names the flag and the rule for bad input %j, exit 2, before sending", async (args, stdin, message) => {
    const run = await runCli(["create", ...args], { env: mockEnv(), stdin });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });
});

describe("list against the mock", () => {
  it("prints one JSON array of users when piped", async () => {
    const run = await runCli(["list", "--network-id", "1"], { env: mockEnv() });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toStrictEqual(seedUsers());
  });

  it("--all fetches every page", async () => {
    const run = await runCli(["list", "--all", "--output", "json"], { env: mockEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toStrictEqual(seedUsers());
  });

  it("--output ndjson prints one user per line", async () => {
    const run = await runCli(["list", "--output", "ndjson"], { env: mockEnv() });
    expect(run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as unknown)).toStrictEqual(seedUsers());
  });

  it("--output csv prints a header, then one row per user", async () => {
    const run = await runCli(["list", "--output", "csv"], { env: mockEnv() });
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "userId,login,email,firstName,lastName,networkId,mailboxId,authLevel,status,created",
      "1042,jsmith,jsmith@example.com,John,Smith,1,101,MailboxUser,Active,2024-03-15T10:22:00Z",
      "1043,ajones,ajones@example.com,Alice,Jones,1,101,MailboxUser,Active,2024-04-01T08:00:00Z",
    ]);
  });

  it("--output table aligns columns", async () => {
    const run = await runCli(["list", "--output", "table"], { env: mockEnv() });
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^userId\s+login\s+email/);
    expect(lines[1]!.indexOf("jsmith@")).toBe(lines[0]!.indexOf("email"));
  });

  it.each([
    [["--page", "0"], /--page: pageNo must be >= 1/],
    [["--per-page", "x"], /--per-page must be a whole number/],
    [["--status", "Gone"], /--status must be one of Development, Active, Preproduction, Suspended, Terminated/],
    [["--all", "--page", "2"], /--all and --page cannot be used together/],
    [["--bogus"], /^ecgrid-users: unknown flag --bogus for 'list'\.\nSee 'ecgrid-users list --help'\.\n$/],
  ])("refuses %j with exit 2", async (args, message) => {
    const run = await runCli(["list", ...args], { env: mockEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("--verbose prints one line per request on stderr, never the key", async () => {
    const run = await runCli(["list", "--verbose"], { env: mockEnv() });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^> POST ${inject("prismUrl")}/v2/users/list \\(attempt 1\\): HTTP 200 in \\d+ ms\\n$`));
    expectNoSecrets(run);
  });
});

describe("configuration and errors", () => {
  it("without a key, says how to provide one, exit 2", async () => {
    const run = await runCli(["list"], { env: { ECGRID_BASE_URL: inject("prismUrl") } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no API key: set ECGRID_API_KEY, or pass --api-key-file/);
  });

  it("reads the key from --api-key-file and sends it as X-API-Key", async () => {
    server = await localServer((_, res) => sendJson(res, 200, { success: true, data: [] }));
    const file = join(mkdtempSync(join(tmpdir(), "ecgrid-key-")), "key");
    writeFileSync(file, `${SECRET_KEY}\n`, { mode: 0o600 });
    const run = await runCli(["list", "--api-key-file", file, "--base-url", server.url]);
    expect(run).toMatchObject({ code: 0, stdout: "[]\n" });
    expect(server.received[0]?.headers["x-api-key"]).toBe(SECRET_KEY);
  });

  it("prints an API error as `errorCode (HTTP status): message`, exit 1", async () => {
    server = await localServer((_, res) => sendJson(res, 403, { success: false, errorCode: "AccessDenied", message: "A MailboxUser cannot list network 2.", data: null }));
    const run = await runCli(["list", "--network-id", "2", "--verbose"], { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: server.url } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^> POST .*HTTP 403.*\necgrid-users: AccessDenied \(HTTP 403\): A MailboxUser cannot list network 2\.\nYour key's user may not do this here; 'ecgrid-users whoami' shows its AuthLevel, network and mailbox\.\n$/);
    expectNoSecrets(run);
  });

  it("prints a network error, exit 1", async () => {
    server = await localServer(() => {});
    const url = server.url;
    await server.close();
    server = undefined;
    const run = await runCli(["list"], { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: url }, timeoutMs: 20_000 });
    expect(run.code).toBe(1);
    // Said once, with the prefix: not "Network error: Network error on …".
    expect(run.stderr).toMatch(/^ecgrid-users: Network error on POST http:\/\/127\.0\.0\.1:\d+\/v2\/users\/list: connect ECONNREFUSED/);
    expect(run.stderr.match(/Network error/g)).toHaveLength(1);
  });

  it("refuses a plain-http base URL off loopback, exit 2, sending nothing", async () => {
    const run = await runCli(["list"], { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: "http://ecgrid.example.com" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ecgrid-users: ECGRID_BASE_URL must use https/);
  });
});
