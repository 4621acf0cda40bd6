#!/usr/bin/env node
// @ts-check
/**
 * `npm run load`: the client under sustained load against a local server that answers an
 * occasional 429 and 503. Prints its figures; --json prints them as JSON, --quick runs a
 * reduced version (the one npm test runs).
 *
 * Checks: every call succeeds after retries; no unhandled rejection; no socket or timer left
 * behind, so the process exits at once; the live heap after a second run is within 10% of the
 * first; listAll over a large directory keeps memory flat.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseScriptArgs } from "./lib/args.mjs";
import { startBenchServer } from "./lib/bench-server.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const usage = `Usage: npm run load [-- --json] [--quick]

Puts the client under sustained load against a local server (127.0.0.1) that answers an occasional
429 and 503, then checks that every call succeeded, nothing was left running and memory stayed flat.
Exit code 0 when every check holds, 1 otherwise.

  --json    print the report as JSON
  --quick   a reduced run (the one npm test runs)`;
const flags = parseScriptArgs({ usage, options: { json: { type: "boolean" }, quick: { type: "boolean" }, worker: { type: "string", internal: true } } });
const quick = flags.quick === true;
const figures = { calls: quick ? 2_000 : 10_000, inFlight: 64, listAllUsers: quick ? 20_000 : 200_000, perPage: 500 };

if (flags.worker !== undefined) {
  // The worker: runs the load in its own process and reports, then simply returns.
  const { createEcgridClient } = await import("ecgrid-users");
  const [callsUrl, listAllUrl] = flags.worker.split(",");
  let unhandled = 0;
  process.on("unhandledRejection", () => unhandled++);
  const { liveHeapBytes: live } = await import("./lib/live-heap.mjs");

  const ecgrid = createEcgridClient({ apiKey: "load-key", baseUrl: callsUrl, maxRetries: 3 });
  const runCalls = async () => {
    let next = 0;
    let ok = 0;
    let failed = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: figures.inFlight }, async () => {
        while (next < figures.calls) {
          next++;
          await ecgrid.users.list({}).then(
            () => ok++,
            () => failed++,
          );
        }
      }),
    );
    return { ok, failed, seconds: (performance.now() - t0) / 1000 };
  };
  const before = await live();
  const first = await runCalls();
  const heapFirst = await live();
  const second = await runCalls();
  const heapSecond = await live();

  // listAll over a large directory, with the live heap sampled every 20 pages, in pages: the
  // size of one page is the live heap of 20 pages held at once, divided by 20.
  const lister = createEcgridClient({ apiKey: "load-key", baseUrl: listAllUrl });
  let base = await live();
  const held = [];
  for (let pageNo = 1; pageNo <= 20; pageNo++) held.push(await lister.users.list({ pageNo, recordsPerPage: figures.perPage }));
  const pageBytes = Math.max(1, ((await live()) - base) / held.length);
  held.length = 0;
  base = await live();
  let pages = 0;
  let users = 0;
  let peak = 0;
  for await (const page of lister.users.listAll({ recordsPerPage: figures.perPage }).pages()) {
    users += page.length;
    if (++pages % 20 === 0) peak = Math.max(peak, ((await live()) - base) / pageBytes);
  }

  const handles = process.getActiveResourcesInfo().filter((r) => !["TTYWrap", "PipeWrap", "FSReqCallback"].includes(r));
  console.log(
    JSON.stringify({
      runs: [first, second].map((r) => ({ ...r, callsPerSecond: Math.round((r.ok + r.failed) / r.seconds) })),
      unhandledRejections: unhandled,
      heapMB: { before: before / 2 ** 20, afterFirst: heapFirst / 2 ** 20, afterSecond: heapSecond / 2 ** 20 },
      heapSecondVsFirst: heapSecond / heapFirst,
      listAll: { users, pages, peakLiveHeapPages: Math.round(peak * 10) / 10 },
      activeHandlesAfter: handles,
      doneAt: Date.now(),
    }),
  );
} else {
  const flaky = await startBenchServer(["--throttle-every", "37", "--unavailable-every", "101"]);
  const big = await startBenchServer(["--total", String(figures.listAllUsers)]);
  try {
    const worker = spawn(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--worker", `${flaky.url},${big.url}`, ...(quick ? ["--quick"] : [])], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    worker.stdout?.on("data", (d) => (output += d));
    const code = await new Promise((done) => worker.once("exit", done));
    const exitedAt = Date.now();
    const report = JSON.parse(output);
    report.exitDelayMs = exitedAt - report.doneAt;
    report.workerExitCode = code;
    report.figures = figures;
    delete report.doneAt;
    const problems = [];
    for (const [i, run] of report.runs.entries()) if (run.failed > 0 || run.ok !== figures.calls) problems.push(`run ${i + 1}: ${run.failed} calls failed`);
    if (report.unhandledRejections > 0) problems.push(`${report.unhandledRejections} unhandled rejections`);
    if (report.activeHandlesAfter.length > 0) problems.push(`left active: ${report.activeHandlesAfter.join(", ")}`);
    if (report.exitDelayMs > 1000) problems.push(`exited ${report.exitDelayMs} ms after its work`);
    if (Math.abs(report.heapSecondVsFirst - 1) > 0.1) problems.push(`live heap after the second run is ${report.heapSecondVsFirst.toFixed(3)}x the first`);
    if (report.listAll.users !== figures.listAllUsers) problems.push(`listAll saw ${report.listAll.users} of ${figures.listAllUsers} users`);
    if (report.listAll.peakLiveHeapPages > 3) problems.push(`listAll kept ${report.listAll.peakLiveHeapPages} pages alive`);
    report.problems = problems;
    if (flags.json) console.log(JSON.stringify(report, null, 2));
    else {
      const [a, b] = report.runs;
      console.log(`${figures.calls} list calls at ${figures.inFlight} in flight, every 37th answered 429 and every 101st 503:`);
      console.log(`  run 1: ${a.ok} ok, ${a.failed} failed, ${a.callsPerSecond} calls/s; run 2: ${b.ok} ok, ${b.failed} failed, ${b.callsPerSecond} calls/s`);
      console.log(`  unhandled rejections: ${report.unhandledRejections}; handles left: ${report.activeHandlesAfter.length}; exited ${report.exitDelayMs} ms after its work`);
      console.log(`  live heap: ${report.heapMB.afterFirst.toFixed(1)} MB after run 1, ${report.heapMB.afterSecond.toFixed(1)} MB after run 2 (${report.heapSecondVsFirst.toFixed(3)}x)`);
      console.log(`listAll over ${report.listAll.users} users in ${report.listAll.pages} pages: peak live heap ${report.listAll.peakLiveHeapPages} pages`);
      console.log(problems.length === 0 ? "PASS" : `FAIL: ${problems.join("; ")}`);
    }
    process.exitCode = problems.length === 0 ? 0 : 1;
  } finally {
    await flaky.stop();
    await big.stop();
  }
}
