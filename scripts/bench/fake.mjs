#!/usr/bin/env node
// @ts-check
/**
 * What the fake of ecgrid-users/testing costs: requests per second over HTTP at 64 in flight (the
 * fake in its own process, so that its CPU is not counted as the load generator's), and CPU per
 * call in-process (`fake.fetch`) beside the HTTP round trip (client and server process added up).
 * `npm run bench` runs it after the client's figures; alone: `npm run build && node scripts/bench/fake.mjs [--json] [--quick]`.
 * Never part of `npm test`: it prints numbers, it asserts none.
 */
import { fork } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { request as undiciRequest, Agent as UndiciAgent } from "undici";
import { createEcgridClient } from "ecgrid-users";
import { createFakeEcgrid, exampleNetwork } from "ecgrid-users/testing";
import { median, round1, round2, throughput } from "./measure.mjs";

const self = fileURLToPath(import.meta.url);
const cpuOf = (/** @type {NodeJS.CpuUsage} */ u) => u.user + u.system;

/** The page every call asks for: the first 25 users of the example network, as its NetworkAdmin sees them. */
const BODY = "{}";

/**
 * The fake in a child process, on a free loopback port, stopped by the handle this module holds.
 * It answers "cpu" over IPC with its own CPU time, so the server's share of a round trip is known.
 */
async function startFakeProcess() {
  const child = fork(self, ["--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  /** @type {(message: unknown) => Promise<any>} */
  const ask = (message) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the fake process did not answer ${String(message)} within 10 s`)), 10_000);
      child.once("message", (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      child.send(/** @type {any} */ (message));
    });
  const { port } = await ask("port");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    /** @returns {Promise<number>} the fake process's CPU time so far, in µs */
    cpu: async () => cpuOf((await ask("cpu")).cpu),
    stop: async () => {
      child.send("stop");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Requests per second that the fake serves with `inFlight` requests always outstanding, from a
 * load generator that costs next to nothing: one keep-alive HTTP/1.1 connection per request in
 * flight, the request written as prepared bytes, the answer read only as far as Content-Length.
 * On two shared cores an HTTP client library (undici, about 250 µs of CPU a call) would saturate
 * before the fake does, and the figure would measure the client. Every answer must be a 200; the
 * first is parsed and must hold 25 users.
 * @param {string} url @param {number} total @param {number} inFlight
 * @returns {Promise<number>}
 */
function rawThroughput(url, total, inFlight) {
  const { hostname, port } = new URL(url);
  const request = Buffer.from(`POST /v2/users/list HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-API-Key: bench-key\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const t0 = performance.now();
    const sockets = Array.from({ length: inFlight }, () => {
      const socket = connect(Number(port), hostname);
      let buffer = Buffer.alloc(0);
      let end = -1;
      const next = () => {
        if (sent < total) {
          sent++;
          socket.write(request);
        }
      };
      socket.on("connect", next);
      socket.on("error", reject);
      socket.on("data", (chunk) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        for (;;) {
          if (end < 0) {
            const headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0) return;
            const head = buffer.subarray(0, headEnd).toString("latin1");
            if (!head.startsWith("HTTP/1.1 200")) return reject(new Error(`the fake answered ${head.split("\r\n")[0]}`));
            end = headEnd + 4 + Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? "0");
          }
          if (buffer.length < end) return;
          if (done === 0) {
            const users = JSON.parse(buffer.subarray(end - Number(/\r\ncontent-length: (\d+)/i.exec(buffer.subarray(0, end).toString("latin1"))?.[1]), end).toString()).data;
            if (users.length !== 25) return reject(new Error(`expected 25 users, got ${users.length}`));
          }
          buffer = buffer.subarray(end);
          end = -1;
          if (++done === total) {
            for (const s of sockets) s.destroy();
            return resolve(total / ((performance.now() - t0) / 1000));
          }
          next();
        }
      });
      return socket;
    });
  });
}

/** CPU per call of `n` sequential calls, in µs: this process's, and the server's when it has one. @param {() => Promise<unknown[]>} call @param {number} n @param {(() => Promise<number>) | undefined} serverCpu */
async function perCall(call, n, serverCpu) {
  const server0 = serverCpu ? await serverCpu() : 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const users = await call();
    if (users.length !== 25) throw new Error(`expected 25 users, got ${users.length}`);
  }
  const own = cpuOf(process.cpuUsage(cpu0)) / n;
  const server = serverCpu ? ((await serverCpu()) - server0) / n : 0;
  return { clientUs: own, serverUs: server, totalUs: own + server };
}

/**
 * Measures the fake. Rounds alternate the contenders and each figure is the median of the rounds.
 * @param {{ quick?: boolean, log?: (text: string) => void }} [options]
 */
export async function benchFake(options = {}) {
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  const rounds = quick ? 2 : 5;
  const total = quick ? 2_000 : 20_000;
  const calls = quick ? 300 : 3_000;
  const server = await startFakeProcess();
  try {
    const dispatcher = new UndiciAgent({ connections: 64 });
    const listUrl = `${server.url}/v2/users/list`;
    const headers = { "x-api-key": "bench-key", "content-type": "application/json" };
    const viaUndici = async () => /** @type {{ data: unknown[] }} */ (await (await undiciRequest(listUrl, { method: "POST", headers, body: BODY, dispatcher })).body.json()).data;
    const overHttp = createEcgridClient({ apiKey: "bench-key", baseUrl: server.url });
    const fake = createFakeEcgrid(exampleNetwork());
    const inProcess = createEcgridClient({ apiKey: "bench-key", baseUrl: "http://localhost", fetch: fake.fetch });
    /** @type {Record<string, { call: () => Promise<unknown[]>, serverCpu: (() => Promise<number>) | undefined }>} */
    const contenders = {
      "over HTTP, undici request()": { call: viaUndici, serverCpu: server.cpu },
      "over HTTP, ecgrid-users": { call: () => overHttp.users.list({}), serverCpu: server.cpu },
      "in-process fake.fetch, ecgrid-users": { call: () => inProcess.users.list({}), serverCpu: undefined },
    };
    // Warm the JIT, the connections and the fake's caches.
    for (const { call } of Object.values(contenders)) await throughput(call, quick ? 200 : 2_000, 64);

    await rawThroughput(server.url, quick ? 200 : 2_000, 64);
    /** @type {number[]} */
    const raw = [];
    /** @type {Record<string, { rps: number[], clientUs: number[], serverUs: number[], totalUs: number[] }>} */
    const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, { rps: [], clientUs: [], serverUs: [], totalUs: [] }]));
    const names = Object.keys(contenders);
    for (let r = 0; r < rounds; r++) {
      log(`  the fake, round ${r + 1} of ${rounds}…`);
      raw.push(await rawThroughput(server.url, total, 64));
      for (let i = 0; i < names.length; i++) {
        const name = /** @type {string} */ (names[(i + r) % names.length]);
        const { call, serverCpu } = /** @type {(typeof contenders)[string]} */ (contenders[name]);
        const s = /** @type {(typeof samples)[string]} */ (samples[name]);
        s.rps.push(await throughput(call, total, 64));
        const cost = await perCall(call, calls, serverCpu);
        s.clientUs.push(cost.clientUs);
        s.serverUs.push(cost.serverUs);
        s.totalUs.push(cost.totalUs);
      }
    }
    await dispatcher.close();
    const figures = Object.fromEntries(
      Object.entries(samples).map(([name, s]) => [
        name,
        { requestsPerSecond: Math.round(median(s.rps)), clientCpuUs: round1(median(s.clientUs)), serverCpuUs: round1(median(s.serverUs)), totalCpuUs: round1(median(s.totalUs)) },
      ]),
    );
    const capacity = Math.round(median(raw));
    const client = /** @type {{ totalCpuUs: number }} */ (figures["over HTTP, ecgrid-users"]);
    const local = /** @type {{ totalCpuUs: number }} */ (figures["in-process fake.fetch, ecgrid-users"]);
    return {
      capacity: { requestsPerSecond: capacity, inFlight: 64, loadGenerator: "64 keep-alive connections, prepared request bytes" },
      figures,
      targets: [
        { measure: "fake over HTTP: list requests/s at 64 in flight", value: capacity, target: ">= 5000", met: capacity >= 5000 },
        { measure: "fake in-process vs over HTTP: CPU per call, client and fake together", value: round2(local.totalCpuUs / client.totalCpuUs), target: "<= 1", met: local.totalCpuUs <= client.totalCpuUs },
      ],
    };
  } finally {
    await server.stop();
  }
}

/** Prints the fake's figures as tables. @param {Awaited<ReturnType<typeof benchFake>>} results */
export function printFake(results) {
  console.log("\nThe fake (ecgrid-users/testing), example network: one 25-user page of List Users per call; the HTTP fake in its own process");
  console.log(`What the fake serves over HTTP at 64 in flight, from a load generator of raw keep-alive sockets: ${results.capacity.requestsPerSecond} requests/s`);
  console.log("| how | req/s at 64 in flight | CPU µs/call, caller | CPU µs/call, fake process | CPU µs/call, both |\n|---|---|---|---|---|");
  for (const [name, f] of Object.entries(results.figures)) {
    console.log(`| ${name} | ${f.requestsPerSecond} | ${f.clientCpuUs} | ${f.serverCpuUs === 0 ? "(same process)" : f.serverCpuUs} | ${f.totalCpuUs} |`);
  }
  console.log("\n| target | value | wanted | met |\n|---|---|---|---|");
  for (const t of results.targets) console.log(`| ${t.measure} | ${t.value} | ${t.target} | ${t.met ? "yes" : "NO"} |`);
}

/** The fake process: serves the example network and answers the parent's questions over IPC. */
async function serve() {
  // The default request log keeps 10,000 entries: the bench measures the fake as consumers run it.
  const server = await createFakeEcgrid(exampleNetwork()).listen();
  const port = Number(new URL(server.url).port);
  process.on("message", (message) => {
    if (message === "port") process.send?.({ port });
    if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
    if (message === "stop") void server.close().then(() => process.exit(0));
  });
  // Gone with the parent, whatever happens to it.
  process.on("disconnect", () => void server.close().then(() => process.exit(0)));
}

if (process.argv[1] === self) {
  if (process.argv[2] === "--serve") {
    await serve();
  } else {
    const { parseScriptArgs } = await import("../lib/args.mjs");
    const usage = "Usage: node scripts/bench/fake.mjs [--json] [--quick]\n\nMeasures the fake of ecgrid-users/testing (run `npm run build` first; `npm run bench` includes it).";
    const flags = parseScriptArgs({ usage, options: { json: { type: "boolean" }, quick: { type: "boolean" } } });
    const results = await benchFake({ quick: flags.quick === true, log: (text) => process.stderr.write(`${text}\n`) });
    if (flags.json) console.log(JSON.stringify(results, null, 2));
    else printFake(results);
  }
}
