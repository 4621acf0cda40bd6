#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: what this client costs its users, measured beside the alternatives in one
 * run. Contenders are interleaved over rounds (their order rotates each round) and each figure
 * is the median of the rounds. Prints a table, or JSON with --json. Never part of `npm test`.
 *
 *   npm run bench [-- --json] [--quick]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { arch, cpus, platform, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import axios from "axios";
import createClient from "openapi-fetch";
import { request as undiciRequest, Agent as UndiciAgent } from "undici";
import { createEcgridClient } from "ecgrid-users";
import { parseScriptArgs } from "../lib/args.mjs";
import { startBenchServer } from "../lib/bench-server.mjs";
import { liveHeapBytes } from "../lib/live-heap.mjs";
import { benchFake, printFake } from "./fake.mjs";
import { median, round1, round2, throughput } from "./measure.mjs";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const usage = `Usage: npm run bench [-- --json] [--quick]

Measures ecgrid-users beside hand-written fetch, openapi-fetch, axios and undici on a local server
(127.0.0.1): client CPU and wall time per call, throughput at 64 in flight, listAll over a large
directory, browser bundle sizes and cold imports; then the fake of ecgrid-users/testing, over HTTP
and in-process. Takes a few minutes; never part of npm test.

  --json    print the results as JSON (progress goes to stderr)
  --quick   fewer calls and rounds: a smoke run, not figures to quote`;
const flags = parseScriptArgs({ usage, options: { json: { type: "boolean" }, quick: { type: "boolean" } } });
const quick = flags.quick === true;
const log = (/** @type {string} */ text) => (flags.json ? process.stderr : process.stdout).write(`${text}\n`);


const body = JSON.stringify({});
const headers = { "X-API-Key": "bench-key", "Content-Type": "application/json" };

/** @param {string} url */
function contenders(url) {
  const listUrl = `${url}/v2/users/list`;
  const openapi = createClient({ baseUrl: url, headers: { "X-API-Key": "bench-key" } });
  const ecgrid = createEcgridClient({ apiKey: "bench-key", baseUrl: url });
  const dispatcher = new UndiciAgent({ keepAliveTimeout: 60_000 });
  const axiosClient = axios.create({ headers });
  /** @type {Record<string, () => Promise<unknown[]>>} */
  return {
    // The way ECGrid's own JavaScript samples call the API.
    "hand-written fetch": async () => {
      const response = await fetch(listUrl, { method: "POST", headers, body });
      return (await response.json()).data;
    },
    "openapi-fetch (global fetch)": async () => {
      const { data } = await /** @type {(path: string, init: object) => Promise<{ data?: { data: unknown[] } }>} */ (openapi.POST)("/v2/users/list", { body: {} });
      return data?.data ?? [];
    },
    axios: async () => (await axiosClient.post(listUrl, {})).data.data,
    "ecgrid-users": () => ecgrid.users.list({}),
    "undici request()": async () => /** @type {any} */ (await (await undiciRequest(listUrl, { method: "POST", headers, body, dispatcher })).body.json()).data,
  };
}

/** Sequential calls: client CPU and wall time per call, in microseconds. @param {() => Promise<unknown[]>} call @param {number} n */
async function perCall(call, n) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const users = await call();
    if (users.length !== 25) throw new Error(`expected 25 users, got ${users.length}`);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUs: (cpu.user + cpu.system) / n, wallUs: (wall * 1000) / n };
}

/** Runs every contender in every round, rotating the order, and keeps the samples. @template T @param {Record<string, () => Promise<unknown[]>>} cs @param {number} rounds @param {(call: () => Promise<unknown[]>) => Promise<T>} measure */
async function interleave(cs, rounds, measure) {
  const names = Object.keys(cs);
  /** @type {Record<string, T[]>} */
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = /** @type {string} */ (names[(i + r) % names.length]);
      /** @type {T[]} */ (samples[name]).push(await measure(/** @type {() => Promise<unknown[]>} */ (cs[name])));
    }
  }
  return samples;
}

/** Burns `ms` of CPU on this thread, as a consumer working on a page would. @param {number} ms */
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spin.
  }
}

/** listAll over a large directory, with server latency and consumer work per page. */
async function listAllBench() {
  const total = quick ? 10_000 : 100_000;
  const perPage = 500;
  const delayMs = 5;
  const workMs = 5;
  const pages = Math.ceil(total / perPage) + (total % perPage === 0 ? 1 : 0);
  const server = await startBenchServer(["--total", String(total), "--delay-ms", String(delayMs)]);
  try {
    const ecgrid = createEcgridClient({ apiKey: "bench-key", baseUrl: server.url });
    /** Times one listing; `work` runs on each page. @param {(page: unknown[]) => void} work */
    const timed = async (work) => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let seen = 0;
      for await (const page of ecgrid.users.listAll({ recordsPerPage: perPage }).pages()) {
        seen += page.length;
        work(page);
      }
      if (seen !== total) throw new Error(`listAll saw ${seen} of ${total} users`);
      const cpu = process.cpuUsage(cpu0);
      return { wall: performance.now() - t0, cpuPerPage: (cpu.user + cpu.system) / 1000 / pages };
    };
    // Untimed: warms the connection, the JIT and the server's page cache.
    await timed(() => {});
    // The network floor: the same listing with no consumer work, so only the server, the
    // transfer and the client's own parsing of each page remain.
    const floor = await timed(() => {});
    const overlapped = await timed(() => busy(workMs));

    // The same listing with no overlap: ask, wait, work, ask again.
    let t0 = performance.now();
    for (let pageNo = 1; ; pageNo++) {
      const page = await ecgrid.users.list({ pageNo, recordsPerPage: perPage });
      busy(workMs);
      if (page.length < perPage) break;
    }
    const sequential = performance.now() - t0;

    const heap = await heapGrowth(ecgrid, perPage, workMs);
    const consumerFloor = pages * workMs;
    const ideal = Math.max(floor.wall, consumerFloor);
    return {
      users: total,
      recordsPerPage: perPage,
      pages,
      wallMs: Math.round(overlapped.wall),
      idealMs: Math.round(ideal),
      networkFloorMs: Math.round(floor.wall),
      consumerFloorMs: consumerFloor,
      serverDelayTotalMs: pages * delayMs,
      clientCpuMsPerPage: round2(floor.cpuPerPage),
      sequentialMs: Math.round(sequential),
      vsIdeal: round2(overlapped.wall / ideal),
      sequentialVsIdeal: round2(sequential / ideal),
      ...heap,
    };
  } finally {
    await server.stop();
  }
}

/**
 * What listAll keeps alive, in pages: the live data on the heap at every page, against the same
 * before the listing (see scripts/lib/live-heap.mjs). Needs --expose-gc (npm run bench passes it).
 * @param {ReturnType<typeof createEcgridClient>} ecgrid @param {number} perPage @param {number} workMs
 */
async function heapGrowth(ecgrid, perPage, workMs) {
  if (typeof global.gc !== "function") return { pageKB: null, peakHeapGrowthPages: null };
  const live = liveHeapBytes;
  let base = await live();
  const held = [];
  for (let pageNo = 1; pageNo <= 20; pageNo++) held.push(await ecgrid.users.list({ pageNo, recordsPerPage: perPage }));
  const pageBytes = ((await live()) - base) / held.length;
  held.length = 0;
  base = await live();
  let peak = 0;
  for await (const page of ecgrid.users.listAll({ recordsPerPage: perPage }).pages()) {
    busy(workMs);
    // Measured while the consumer still holds its page, as a real one would.
    peak = Math.max(peak, ((await live()) - base) / pageBytes);
    void page;
  }
  return { pageKB: Math.round(pageBytes / 1024), peakHeapGrowthPages: round1(peak) };
}

/** Does for the sources what package.json's "browser" field does for dist/: drops the Node transport. @type {esbuild.Plugin} */
const browserField = {
  name: "browser-field",
  setup(build) {
    build.onResolve({ filter: /transport-node\.js$/ }, () => ({ path: "transport-node", namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "" }));
  },
};

/** Replaces a module with `contents` in a bundle. @param {RegExp} filter @param {string} contents @returns {esbuild.Plugin} */
const stubbed = (filter, contents) => ({
  name: `stub ${filter}`,
  setup(build) {
    const namespace = `stub-${String(filter)}`;
    build.onResolve({ filter }, () => ({ path: String(filter), namespace }));
    build.onLoad({ filter: /.*/, namespace }, () => ({ contents, loader: "js" }));
  },
});
const noRequestChecks = stubbed(/request-checks\.js$/, "export const assertValidRequest = () => {};");
const noSafeCreate = stubbed(/safe-create\.js$/, "export const safeCreate = (resolved, invoke, input, options) => invoke('createUser', { body: input }, options);");
const noPaginate = stubbed(/paginate\.js$/, "export const paginate = () => ({});");

/**
 * A browser bundle, minified and gzipped, split as a bundler splits it: what loads with the
 * import (`initial`), and what a dynamic import loads later (`lazy`: openapi-fetch, on the
 * first call of the raw client).
 * @param {string} contents the entry module
 * @param {esbuild.Plugin[]} plugins
 */
async function splitBundle(contents, plugins = []) {
  // Inside the package, so that "ecgrid-users" resolves to it as a consumer's import would.
  const dir = mkdtempSync(join(root, "dist", ".bundle-"));
  try {
    const entry = join(dir, "entry.ts");
    writeFileSync(entry, contents);
    // No tsconfig: its `paths` would send "ecgrid-users" to src/ instead of the package a consumer gets.
    const r = await esbuild.build({ entryPoints: [entry], outdir: join(dir, "out"), bundle: true, splitting: true, minify: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "error", nodePaths: [join(root, "node_modules")], tsconfigRaw: {}, plugins });
    const sized = r.outputFiles.map((f) => ({ path: f.path, minBytes: f.contents.length, gzipBytes: gzipSync(f.contents, { level: 9 }).length }));
    const initial = sized.find((f) => f.path.endsWith("entry.js"));
    const lazy = sized.filter((f) => f !== initial && f.minBytes > 0).reduce((sum, f) => sum + f.gzipBytes, 0);
    return { minBytes: initial?.minBytes ?? 0, gzipBytes: initial?.gzipBytes ?? 0, lazyGzipBytes: lazy, metafile: r.metafile };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fromSources = `import { createEcgridClient } from ${JSON.stringify(join(root, "src", "index.ts"))}; console.log(createEcgridClient);`;

/**
 * What the initial browser bundle would weigh without each large part the client's contract
 * requires: the spec's request checks, the safe create, and listAll. Explains the bundle figure.
 */
async function bundleWithout() {
  const gz = async (/** @type {esbuild.Plugin[]} */ plugins) => (await splitBundle(fromSources, [browserField, ...plugins])).gzipBytes;
  return { all: await gz([]), withoutRequestChecks: await gz([noRequestChecks]), withoutSafeCreate: await gz([noSafeCreate]), withoutListAll: await gz([noPaginate]) };
}

/** Browser bundles, minified and gzipped, of one import each. */
async function bundles() {
  const entries = {
    "ecgrid-users": `import { createEcgridClient } from "ecgrid-users"; console.log(createEcgridClient);`,
    "openapi-fetch": `import createClient from "openapi-fetch"; console.log(createClient);`,
    ky: `import ky from "ky"; console.log(ky);`,
    axios: `import axios from "axios"; console.log(axios);`,
  };
  /** @type {Record<string, { minBytes: number, gzipBytes: number, lazyGzipBytes: number, parts?: Record<string, number> }>} */
  const out = {};
  for (const [name, contents] of Object.entries(entries)) {
    const { metafile: _, ...sizes } = await splitBundle(contents);
    out[name] = sizes;
    if (name === "ecgrid-users") {
      // Where the bytes come from: the same import bundled from the sources, minified bytes per file.
      const { metafile } = await splitBundle(fromSources, [browserField]);
      const initial = Object.entries(metafile.outputs).find(([path]) => path.endsWith("entry.js"))?.[1].inputs ?? {};
      out[name].parts = Object.fromEntries(Object.entries(initial).map(([file, v]) => [file.replace(/^.*node_modules\//, "").replace(`${root}/`, ""), v.bytesInOutput]).filter(([, b]) => Number(b) > 100).sort((a, b) => Number(b[1]) - Number(a[1])));
    }
  }
  return out;
}

/**
 * Time to import each package in a fresh Node process, median of several processes. Node's own
 * floor is measured beside them, an empty ES package imported by name, because on a shared
 * machine it moves as much as the packages do: what a package adds is its figure minus the floor.
 */
function coldImports() {
  // 21 processes: one import is a few ms, and the median of fewer moved by a millisecond between runs.
  const runs = quick ? 3 : 21;
  const floor = "(empty package)";
  const names = ["ecgrid-users", "openapi-fetch", "axios", floor];
  const emptyRoot = mkdtempSync(join(tmpdir(), "ecgrid-bench-floor-"));
  const emptyDir = join(emptyRoot, "node_modules", "empty-package");
  mkdirSync(emptyDir, { recursive: true });
  writeFileSync(join(emptyDir, "package.json"), JSON.stringify({ name: "empty-package", type: "module", exports: "./index.js" }));
  writeFileSync(join(emptyDir, "index.js"), "export {};\n");
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  try {
    for (let r = 0; r < runs; r++) {
      for (const name of names) {
        const specifier = name === floor ? "empty-package" : name;
        const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
        const cwd = name === floor ? emptyRoot : root;
        samples[name]?.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd, encoding: "utf8" })));
      }
    }
  } finally {
    rmSync(emptyRoot, { recursive: true, force: true });
  }
  return Object.fromEntries(names.map((n) => [n, round1(median(/** @type {number[]} */ (samples[n])))]));
}

const results = /** @type {Record<string, unknown>} */ ({
  machine: { node: process.version, platform: `${platform()} ${arch()}`, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length },
});

log(`Benchmarking on Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "CPU"}${quick ? " (quick)" : ""}…`);
const server = await startBenchServer();
try {
  const cs = contenders(server.url);
  const n = quick ? 200 : 2000;
  const rounds = quick ? 2 : 5;
  for (const call of Object.values(cs)) await perCall(call, quick ? 50 : 300);

  log("per-call cost…");
  const samples = await interleave(cs, rounds, (call) => perCall(call, n));
  const perCallResult = Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [name, { cpuUs: round1(median(s.map((x) => x.cpuUs))), wallUs: round1(median(s.map((x) => x.wallUs))) }]),
  );
  results.perCall = perCallResult;

  log("64 in flight…");
  const rps = await interleave(cs, rounds, (call) => throughput(call, quick ? 640 : 6400, 64));
  results.concurrency = Object.fromEntries(Object.entries(rps).map(([name, s]) => [name, { requestsPerSecond: Math.round(median(s)) }]));

  log("scaling…");
  const ecgrid = /** @type {() => Promise<unknown[]>} */ (cs["ecgrid-users"]);
  const sizes = quick ? [100, 1000] : [1000, 10_000, 100_000];
  /** @type {Record<string, number>} */
  const scaling = {};
  for (const size of sizes) scaling[String(size)] = round1((await perCall(ecgrid, size)).cpuUs);
  results.scaling = { cpuUsPerCall: scaling };
} finally {
  await server.stop();
}

log("listAll…");
results.listAll = await listAllBench();
log("bundles…");
results.bundle = await bundles();
results.bundleWithout = await bundleWithout();
log("cold imports…");
results.coldImportMs = coldImports();
log("the fake…");
const fakeResults = await benchFake({ quick, log });
results.fake = fakeResults;

const pc = /** @type {Record<string, { cpuUs: number, wallUs: number }>} */ (results.perCall);
const cc = /** @type {Record<string, { requestsPerSecond: number }>} */ (results.concurrency);
const la = /** @type {ReturnType<typeof listAllBench> extends Promise<infer R> ? R : never} */ (results.listAll);
const bd = /** @type {Record<string, { gzipBytes: number, lazyGzipBytes: number }>} */ (results.bundle);
const ci = /** @type {Record<string, number>} */ (results.coldImportMs);
const us = /** @type {{ cpuUs: number }} */ (pc["ecgrid-users"]);
results.targets = [
  { measure: "client CPU per call vs hand-written fetch", value: round2(us.cpuUs / (pc["hand-written fetch"]?.cpuUs ?? 1)), target: "<= 0.6", met: us.cpuUs / (pc["hand-written fetch"]?.cpuUs ?? 1) <= 0.6 },
  { measure: "client CPU per call vs undici request()", value: round2(us.cpuUs / (pc["undici request()"]?.cpuUs ?? 1)), target: "<= 1.7", met: us.cpuUs / (pc["undici request()"]?.cpuUs ?? 1) <= 1.7 },
  { measure: "requests/s at 64 in flight vs hand-written fetch", value: round2((cc["ecgrid-users"]?.requestsPerSecond ?? 0) / (cc["hand-written fetch"]?.requestsPerSecond ?? 1)), target: ">= 1.5", met: (cc["ecgrid-users"]?.requestsPerSecond ?? 0) / (cc["hand-written fetch"]?.requestsPerSecond ?? 1) >= 1.5 },
  { measure: "listAll wall time vs ideal", value: la.vsIdeal, target: "<= 1.15", met: la.vsIdeal <= 1.15 },
  { measure: "listAll peak heap growth, in pages", value: la.peakHeapGrowthPages, target: "<= 3", met: la.peakHeapGrowthPages !== null && la.peakHeapGrowthPages <= 3 },
  { measure: "browser bundle with all 16 operations, min+gzip, kB", value: round2((bd["ecgrid-users"]?.gzipBytes ?? 0) / 1000), target: "<= 12", met: (bd["ecgrid-users"]?.gzipBytes ?? 0) <= 12_000 },
  { measure: "cold import in Node, ms", value: ci["ecgrid-users"], target: "<= 15", met: (ci["ecgrid-users"] ?? 0) <= 15 },
  { measure: "cold import vs openapi-fetch", value: round2((ci["ecgrid-users"] ?? 0) / (ci["openapi-fetch"] ?? 1)), target: "<= 4", met: (ci["ecgrid-users"] ?? 0) / (ci["openapi-fetch"] ?? 1) <= 4 },
];

if (flags.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const fetchCpu = pc["hand-written fetch"]?.cpuUs ?? 1;
  const fetchRps = cc["hand-written fetch"]?.requestsPerSecond ?? 1;
  console.log("\nPer call: users.list() of one 25-user page, keep-alive, server in another process");
  console.log("| contender | CPU µs/call | vs fetch | wall µs/call | req/s at 64 in flight | vs fetch |\n|---|---|---|---|---|---|");
  for (const [name, v] of Object.entries(pc)) {
    const r = cc[name]?.requestsPerSecond ?? 0;
    console.log(`| ${name} | ${v.cpuUs} | ${round2(v.cpuUs / fetchCpu)}x | ${v.wallUs} | ${r} | ${round2(r / fetchRps)}x |`);
  }
  console.log(`\nScaling, ecgrid-users CPU µs/call: ${Object.entries(scaling()).map(([k, v]) => `${k} calls: ${v}`).join(", ")}`);
  console.log(
    `listAll ${la.users} users, ${la.recordsPerPage}/page, 5 ms server delay + 5 ms consumer CPU per page: ${la.wallMs} ms vs ideal ${la.idealMs} ms (${la.vsIdeal}x); ` +
      `sequential ${la.sequentialMs} ms (${la.sequentialVsIdeal}x). Network floor (no consumer work) ${la.networkFloorMs} ms, of which server delay ${la.serverDelayTotalMs} ms; ` +
      `client CPU ${la.clientCpuMsPerPage} ms/page; consumer floor ${la.consumerFloorMs} ms. Peak live heap growth ${la.peakHeapGrowthPages} pages of ${la.pageKB} KB`,
  );
  const lazy = (/** @type {{ lazyGzipBytes?: number }} */ v) => (v.lazyGzipBytes ? ` (+${round2(v.lazyGzipBytes / 1000)} kB loaded on first use)` : "");
  console.log(`Bundle min+gzip, what loads with the import: ${Object.entries(bd).map(([k, v]) => `${k} ${round2(v.gzipBytes / 1000)} kB${lazy(v)}`).join(", ")}`);
  const parts = /** @type {{ parts?: Record<string, number> }} */ (bd["ecgrid-users"]).parts ?? {};
  console.log(`  ecgrid-users bundle, minified bytes by source: ${Object.entries(parts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const without = /** @type {Record<string, number>} */ (results.bundleWithout);
  console.log(`  ecgrid-users min+gzip without parts: ${Object.entries(without).map(([k, v]) => `${k} ${round2(v / 1000)} kB`).join(", ")}`);
  const floorMs = ci["(empty package)"] ?? 0;
  console.log(`Cold import: ${Object.entries(ci).map(([k, v]) => `${k} ${v} ms`).join(", ")}; above Node's floor: ${["ecgrid-users", "openapi-fetch", "axios"].map((k) => `${k} ${round1((ci[k] ?? 0) - floorMs)} ms`).join(", ")}`);
  console.log("\n| target | value | wanted | met |\n|---|---|---|---|");
  for (const t of /** @type {{ measure: string, value: unknown, target: string, met: boolean }[]} */ (results.targets)) console.log(`| ${t.measure} | ${t.value} | ${t.target} | ${t.met ? "yes" : "NO"} |`);
  printFake(fakeResults);
}

function scaling() {
  return /** @type {{ cpuUsPerCall: Record<string, number> }} */ (results.scaling).cpuUsPerCall;
}
