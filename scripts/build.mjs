#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: dist/ as it ships.
 * - JavaScript: esbuild bundles src/ into one ES module (plus the Node transport, loaded on
 *   first use, the command line, and the fake of ecgrid-users/testing), because Node's loader
 *   pays per module: one file imports in about half the time of fifteen. openapi-fetch stays an
 *   external dependency. The fake is its own entry: what it shares with the client goes to a
 *   chunk, and nothing of it reaches dist/index.js (test/testing/package.test.ts checks).
 * - Types: tsc emits the .d.ts files from src/ and generated/.
 * - The spec: Redocly bundles openapi/openapi.yaml into dist/openapi.json.
 * Silent when it succeeds: `npm start`, `contract:live`, `bench` and `load` build first.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { bundleSpec } from "./lib/bundle-spec.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const dist = join(root, "dist");
const bin = (/** @type {string} */ pkg, /** @type {string} */ file) => join(root, "node_modules", pkg, file);

rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { index: "src/index.ts", "transport-node": "src/transport-node.ts", "cli/main": "src/cli/main.ts", testing: "src/testing/index.ts" },
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
bundleSpec(join(dist, "openapi.json"));
