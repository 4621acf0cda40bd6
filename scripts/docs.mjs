#!/usr/bin/env node
// @ts-check
/**
 * `npm run docs`: renders openapi/openapi.yaml into one HTML page for API reviewers with
 * Redocly (dist/docs/index.html, or --out FILE). The page is prerendered, so it reads with no
 * network; the pinned Redocly links Redoc's script from its CDN for search and collapsing.
 */
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = resolve(values.out ?? join(root, "dist", "docs", "index.html"));
const redocly = join(root, "node_modules", "@redocly", "cli", "bin", "cli.js");
execFileSync(process.execPath, [redocly, "build-docs", join(root, "openapi", "openapi.yaml"), "--output", out, "--title", "ECGrid REST API: Users", "--disableGoogleFont"], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
});
console.log(`Wrote ${out}`);
