#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: dist/ as it ships.
 * - JavaScript: esbuild bundles src/ into one ES module (plus the Node transport, loaded on
 *   first use, and the command line), because Node's loader pays per module: one file imports
 *   in about half the time of fifteen. openapi-fetch stays an external dependency.
 * - Types: tsc emits the .d.ts files from src/ and generated/.
 * - The spec: Redocly bundles openapi/openapi.yaml into dist/openapi.json.
 * Silent when it succeeds: `npm start`, `contract:live`, `bench` and `load` build first.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const dist = join(root, "dist");
const bin = (/** @type {string} */ pkg, /** @type {string} */ file) => join(root, "node_modules", pkg, file);

rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { index: "src/index.ts", "transport-node": "src/transport-node.ts", "cli/main": "src/cli/main.ts" },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: ["openapi-fetch", "node:*"],
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
chmodSync(join(dist, "cli", "main.js"), 0o755);
execFileSync(process.execPath, [bin("typescript", "bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
const bundled = spawnSync(process.execPath, [bin("@redocly/cli", "bin/cli.js"), "bundle", "openapi/openapi.yaml", "--ext", "json", "--output", "dist/openapi.json"], {
  cwd: root,
  stdio: ["ignore", "ignore", "pipe"],
  encoding: "utf8",
});
// Redocly reports its progress on stderr ("bundling …", "📦 Created a bundle …") and has no switch to
// turn that off; every script that builds first would print it. Anything else it says is a warning
// or an error, and passes through.
const said = (bundled.stderr ?? "").split("\n").filter((line) => line.trim() !== "" && !/^bundling \S+\.\.\.$/.test(line) && !line.startsWith("📦 Created a bundle for "));
if (said.length > 0) process.stderr.write(`${said.join("\n")}\n`);
if (bundled.status !== 0) {
  console.error(`redocly bundle failed (${bundled.error?.message ?? `exit code ${bundled.status}`}).`);
  process.exit(1);
}
