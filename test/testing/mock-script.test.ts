import { execFile, spawn, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/prism.mjs";

const root = join(import.meta.dirname, "..", "..");
const script = join(root, "scripts", "mock.mjs");

/** Starts `npm run mock` (the script itself: the suite's global setup has built dist/) and waits for its curl line. */
async function startMock(args: string[]) {
  const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no curl line within 20 s: ${out}`)), 20_000);
    const check = () => {
      if (!out.includes("curl")) return;
      clearTimeout(timer);
      child.stdout.off("data", check);
      resolve();
    };
    child.stdout.on("data", check);
    void exited.then(() => reject(new Error(`the mock exited: ${out}`)));
  });
  // Stopped by the PID spawned here, whatever the test did.
  stops.push(async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  });
  return { output: () => out, stop: async () => (child.kill("SIGTERM"), await exited) };
}
const stops: (() => Promise<void>)[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  await Promise.all(blockers.splice(0).map((b) => new Promise((resolve) => b.close(resolve))));
});

/** Runs the printed curl line: with curl when the machine has it, else the same request with fetch. */
async function runCurl(line: string): Promise<unknown> {
  if (spawnSync("curl", ["--version"]).status === 0) return JSON.parse((await promisify(execFile)("sh", ["-c", line], { timeout: 10_000 })).stdout);
  const [, url] = /-X POST (\S+)/.exec(line) ?? [];
  const headers = Object.fromEntries([...line.matchAll(/-H '([^:]+): ([^']*)'/g)].map((m) => [m[1], m[2]]));
  const body = /-d '([^']*)'/.exec(line)?.[1];
  return (await fetch(url!, { method: "POST", headers, body: body ?? null })).json();
}

/** A server that holds `port` on 127.0.0.1, as another program would. */
async function occupy(port: number): Promise<void> {
  const blocker = createServer();
  blockers.push(blocker);
  await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
}

describe("npm run mock", () => {
  it("serves the fake by default: its URL, the seeded caller, a curl line that works, state that lasts, a line per request", async () => {
    const port = await freePort();
    const mock = await startMock(["--port", String(port)]);
    const url = `http://127.0.0.1:${port}`;
    expect(mock.output()).toContain(`ECGrid users fake listening on ${url}`);
    expect(mock.output()).toMatch(/^Caller: netadmin \(userId 1000\), NetworkAdmin of network 1, mailbox 101\. Any API key acts as it\.$/m);
    expect(mock.output()).toMatch(/^Seeded: network 1, 60 users in mailboxes 0 \(network-level\), 101, 102; network 2, 5 users in mailboxes 205, 206\.$/m);
    const curl = /^ {2}curl .*$/m.exec(mock.output())?.[0].trim() ?? "";
    expect(curl).toContain(`${url}/v2/users/list`);
    // Page 2 of network 1: the listing has several pages.
    expect(await runCurl(curl)).toMatchObject({ success: true, data: expect.arrayContaining([expect.objectContaining({ userId: 1025 })]) });

    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: "POST", headers: { "X-API-Key": "mine", "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const user = { login: "bkhan", password: "Passw0rd!", email: "bkhan@example.com" };
    expect((await post("/v2/users", user)).status).toBe(200);
    expect(await (await post("/v2/users", user)).json()).toMatchObject({ errorCode: "DuplicateObject" });
    expect(await (await post("/v2/users/list", { networkId: 1, pageNo: 3 })).json()).toMatchObject({ data: expect.arrayContaining([expect.objectContaining({ login: "bkhan" })]) });
    expect(await mock.stop()).toBe(0);
    expect(mock.output()).toMatch(/^POST \/v2\/users 200$\n^POST \/v2\/users 400 DuplicateObject$/m);
    expect(mock.output()).not.toContain("Passw0rd!");
  });

  it.each([[[] as string[]], [["--prism"]]])("with %j, a port in use is an error, exit 1, and never a listening line", async (extra) => {
    const port = await freePort();
    await occupy(port);
    const run = spawnSync(process.execPath, [script, "--port", String(port), ...extra], { cwd: root, encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(run.stdout).not.toMatch(/listening/);
  });

  it("--prism serves the stateless Prism mock instead", async () => {
    const port = await freePort();
    const mock = await startMock(["--prism", "--port", String(port)]);
    expect(mock.output()).toMatch(new RegExp(`ECGrid users mock \\(Prism\\) listening on http://127\\.0\\.0\\.1:${port} \\(PID \\d+\\)`));
    const list = () => fetch(`http://127.0.0.1:${port}/v2/users/list`, { method: "POST", headers: { "X-API-Key": "k", "Content-Type": "application/json" }, body: "{}" }).then((r) => r.json());
    // The spec's example, whatever was done before: Prism remembers nothing.
    expect(await list()).toStrictEqual(await list());
    expect(await list()).toMatchObject({ data: [{ login: "jsmith" }, { login: "ajones" }] });
    expect(await mock.stop()).toBe(0);
  }, 30_000);
});
