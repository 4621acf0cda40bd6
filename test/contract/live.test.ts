import { execFile } from "node:child_process";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/prism.mjs";
import { SECRET_KEY, user } from "../support/fake-fetch.js";
import { localServer, sendJson, type LocalServer, type Received } from "../support/local-server.js";

const script = join(import.meta.dirname, "..", "..", "scripts", "contract-live.mjs");

async function contractLive(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let upstream: LocalServer | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

const isList = (r: Received) => r.url === "/v2/users/list";

/** An upstream that answers the two operations with `api`, and anything else (Prism's readiness probe) with 404. */
function upstreamServer(api: (req: Received, res: ServerResponse) => void): Promise<LocalServer> {
  return localServer((req, res) => (req.method === "POST" && req.url.startsWith("/v2/users") ? api(req, res) : sendJson(res, 404, { success: false, errorCode: "ObjectNotFound", message: "no such path", data: null })));
}

describe("npm run contract:live", () => {
  it("explains what it needs when the key is missing, exit 2", async () => {
    const run = await contractLive({});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ECGRID_API_KEY is not set/);
    expect(run.stderr).toMatch(/--allow-create\s+also create one user: this WRITES/);
  });

  it("refuses a plain-http server off loopback", async () => {
    const run = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: "http://ecgrid.example.com" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ECGRID_BASE_URL: .*must use https/);
  });

  it("passes a conforming server, read-only unless --allow-create", async () => {
    upstream = await upstreamServer((req, res) =>
      isList(req)
        ? sendJson(res, 200, { success: true, data: [user(1), user(2)] })
        : sendJson(res, 200, { success: true, data: user(3, { login: (JSON.parse(req.body) as { login: string }).login }) }),
    );
    const readOnly = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: upstream.url });
    expect(readOnly.code).toBe(0);
    expect(readOnly.stdout).toMatch(/^  listUsers page 1: 2 users$/m);
    expect(readOnly.stdout).toMatch(/PASS: 1 exchange with http:\/\/127\.0\.0\.1:\d+, no violations/);
    const api = () => upstream!.received.filter((r) => r.method === "POST").map((r) => r.url);
    expect(api()).toEqual(["/v2/users/list"]);
    expect(upstream.received.find((r) => r.method === "POST")?.headers["x-api-key"]).toBe(SECRET_KEY);

    const withCreate = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: upstream.url }, ["--allow-create"]);
    expect(withCreate.code).toBe(0);
    expect(withCreate.stderr).toMatch(/WARNING: --allow-create creates the user 'ecgrid-users-check-\w+'/);
    expect(withCreate.stdout).toMatch(/PASS: 2 exchanges/);
    expect(api()).toEqual(["/v2/users/list", "/v2/users/list", "/v2/users"]);
    expect(withCreate.stdout + withCreate.stderr).not.toContain(SECRET_KEY);
  });

  it("reads further pages while they are full", async () => {
    upstream = await upstreamServer((req, res) => {
      const { pageNo } = JSON.parse(req.body) as { pageNo: number };
      sendJson(res, 200, { success: true, data: pageNo < 3 ? [user(pageNo * 10 + 1), user(pageNo * 10 + 2)] : [] });
    });
    const run = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: upstream.url }, ["--per-page", "2", "--pages", "5"]);
    expect(run.code).toBe(0);
    expect(upstream.received.filter((r) => r.method === "POST").map((r) => (JSON.parse(r.body) as { pageNo: number }).pageNo)).toEqual([1, 2, 3]);
  });

  it("fails a server that breaks the contract, naming each violation", async () => {
    upstream = await upstreamServer((req, res) =>
      isList(req)
        ? sendJson(res, 200, { data: [user(1, { userId: "1042" })] })
        : sendJson(res, 400, { error: "bad request", detail: "no envelope here" }),
    );
    const run = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: upstream.url }, ["--allow-create"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/VIOLATION listUsers 200 \[Error\] response\.body: Response body must have required property 'success'/);
    expect(run.stdout).toMatch(/VIOLATION listUsers 200 \[Error\] response\.body\.data\.0\.userId: Response body property data\.0\.userId must be integer/);
    expect(run.stdout).toMatch(/VIOLATION createUser 400 \[Error\] response\.body: Response body must have required property 'errorCode'/);
    expect(run.stdout).toMatch(/FAILED createUser: HTTP 400/);
    expect(run.stdout).toMatch(/FAIL: \d+ violations and 2 failed calls in 2 exchanges/);
  });

  it("counts one of each in the singular", async () => {
    upstream = await upstreamServer((_, res) => sendJson(res, 200, { success: true, data: [user(1, { userId: "1" })] }));
    const run = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: upstream.url });
    expect(run.stdout).toMatch(/^  listUsers page 1: 1 user$/m);
    expect(run.stdout).toMatch(/FAIL: 1 violation and 0 failed calls in 1 exchange with /);
  });

  it("says plainly that a server it cannot reach could not be reached, exit 1", async () => {
    // A port that was just free on loopback: nothing listens there, so the connection is refused.
    const port = await freePort();
    const run = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: `http://127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not reach the server at http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). Check ECGRID_BASE_URL and the network: nothing was checked.`);
    expect(run.stdout + run.stderr).not.toMatch(/HTTP 500|FAILED|PASS/);
  });

  it("says so when the server goes away during the check, after the exchanges that took place", async () => {
    upstream = await upstreamServer((_, res) => {
      sendJson(res, 200, { success: true, data: [user(1), user(2)] });
      // Gone before the next page is asked for.
      res.once("finish", () => void upstream?.close());
    });
    const run = await contractLive({ ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: upstream.url }, ["--per-page", "2"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/listUsers page 1: 2 users/);
    expect(run.stderr).toMatch(/Could not reach the server at http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED [^)]+\)\. .*the check stopped after 1 exchange\./);
    expect(run.stdout).not.toMatch(/HTTP 500|FAILED|PASS/);
  });

  it("prints its usage for --help, and a hint when npm took a flag because -- was missing", async () => {
    const help = await contractLive({}, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ECGRID_API_KEY=\.\.\. .*npm run contract:live/);
    // What `npm run contract:live --allow-create` leaves the script.
    const swallowed = await contractLive({ ECGRID_API_KEY: SECRET_KEY, npm_lifecycle_event: "contract:live", npm_config_allow_create: "true" });
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toMatch(/^npm took --allow-create as its own option\. Put -- before the script's flags: npm run contract:live -- --allow-create$/m);
  });
});
