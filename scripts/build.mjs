#!/usr/bin/env node
// @ts-check
/**
 * `npm run build`: dist/ as it ships.
 * - JavaScript: esbuild bundles the client into one ES module, dist/index.js, because Node's
 *   loader pays per module; the Node transport, loaded on first use, is a file of its own that
 *   imports nothing of the client. The command line (dist/cli/main.js) imports the client from
 *   dist/index.js, as a consumer would; the fake of ecgrid-users/testing (dist/testing.js) is its
 *   own bundle, so nothing of it reaches dist/index.js (test/testing/package.test.ts checks).
 *   openapi-fetch stays an external dependency.
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
/** @type {esbuild.BuildOptions} */
const common = { absWorkingDir: root, outdir: dist, bundle: true, format: "esm", platform: "neutral", target: "es2022", external: ["openapi-fetch", "node:*"], logLevel: "warning" };
// The client, and the Node transport it imports on first use (splitting keeps that import lazy).
await esbuild.build({ ...common, entryPoints: { index: "src/index.ts", "transport-node": "src/transport-node.ts" }, splitting: true, chunkNames: "chunks/[name]-[hash]" });
/** The command line's imports of the client go to dist/index.js, the same module a program gets. @type {esbuild.Plugin} */
const clientFromDist = {
  name: "client-from-dist",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) => (args.importer.includes(`${join("src", "cli")}`) ? { path: "../index.js", external: true } : undefined));
  },
};
await esbuild.build({ ...common, entryPoints: { "cli/main": "src/cli/main.ts" }, plugins: [clientFromDist] });
await esbuild.build({ ...common, entryPoints: { testing: "src/testing/index.ts" } });
chmodSync(join(dist, "cli", "main.js"), 0o755);
execFileSync(process.execPath, [bin("typescript", "bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
bundleSpec(join(dist, "openapi.json"));
