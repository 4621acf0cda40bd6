#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench:import`: what importing each package costs, counted in CPU instructions rather
 * than milliseconds. `npm run bench` times cold imports, and on a shared machine Node's own floor
 * (an empty package imported by name) moves by more than a package adds. Counted by valgrind's
 * callgrind, with V8 on one thread and its hash and random seeds fixed, the same import costs the
 * same count from run to run whatever else the machine is doing, so what a package adds over the
 * floor can be compared across changes and machines of one Node version.
 *
 * Needs valgrind (Debian's package of that name). About 15 s per package.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const FLOOR = "(empty package)";
const names = [FLOOR, "ecgrid-users", "openapi-fetch"];

if (spawnSync("valgrind", ["--version"], { encoding: "utf8" }).status !== 0) {
  console.error("bench:import needs valgrind (apt-get install valgrind); npm run bench times the same imports without it.");
  process.exit(2);
}

/**
 * Instructions a fresh Node process executes to import `specifier` from `cwd`, and nothing else.
 * @param {string} specifier
 * @param {string} cwd
 */
function instructions(specifier, cwd) {
  const script = `await import(${JSON.stringify(specifier)});`;
  const v8 = ["--single-threaded", "--predictable", "--hash-seed=1", "--random-seed=1"];
  const run = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, ...v8, "--input-type=module", "-e", script], { cwd, encoding: "utf8", timeout: 180_000 });
  const count = /Collected : (\d+)/.exec(run.stderr ?? "")?.[1];
  if (run.status !== 0 || count === undefined) throw new Error(`valgrind could not count the import of ${specifier}: ${run.error?.message ?? run.stderr?.slice(-500)}`);
  return Number(count);
}

const emptyRoot = mkdtempSync(join(tmpdir(), "ecgrid-import-cost-"));
/** @type {Record<string, number>} */
const counts = {};
try {
  const emptyDir = join(emptyRoot, "node_modules", "empty-package");
  mkdirSync(emptyDir, { recursive: true });
  writeFileSync(join(emptyDir, "package.json"), JSON.stringify({ name: "empty-package", type: "module", exports: "./index.js" }));
  writeFileSync(join(emptyDir, "index.js"), "export {};\n");
  for (const name of names) {
    process.stderr.write(`counting ${name}…\n`);
    counts[name] = name === FLOOR ? instructions("empty-package", emptyRoot) : instructions(name, root);
  }
} finally {
  rmSync(emptyRoot, { recursive: true, force: true });
}

const floor = counts[FLOOR] ?? 0;
const above = (/** @type {string} */ name) => (counts[name] ?? 0) - floor;
const millions = (/** @type {number} */ n) => (n / 1e6).toFixed(2);
console.log(`Import cost on Node ${process.version}, in instructions (callgrind, V8 single-threaded and seeded)`);
console.log("| package | whole process | above the floor |\n|---|---|---|");
for (const name of names) console.log(`| ${name} | ${millions(counts[name] ?? 0)} M | ${name === FLOOR ? "" : `${millions(above(name))} M`} |`);
console.log(`\necgrid-users adds ${(above("ecgrid-users") / Math.max(1, above("openapi-fetch"))).toFixed(2)}x what openapi-fetch adds.`);
