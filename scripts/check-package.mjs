#!/usr/bin/env node
// @ts-check
/**
 * `npm run check:package`: builds once, then checks the package as it would ship: publint on
 * the folder, and arethetypeswrong on a tarball packed from that same build. (`attw --pack`
 * would run prepack and build a second time.)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (/** @type {string} */ cmd, /** @type {string[]} */ args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });

run(process.execPath, [join(root, "scripts", "build.mjs")]);
run(process.execPath, [join(root, "node_modules", "publint", "src", "cli.js"), "--strict"]);
const dir = mkdtempSync(join(tmpdir(), "ecgrid-attw-"));
try {
  execFileSync(npm, ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (tarball === undefined) throw new Error("npm pack wrote no tarball");
  // ESM only: Node >= 20.19 require()s it natively, which attw's node16 model does not know.
  run(process.execPath, [join(root, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"), join(dir, tarball), "--profile", "node16", "--ignore-rules", "cjs-resolves-to-esm"]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
