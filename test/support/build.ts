import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

/** Builds dist/ when it is missing or older than src/ or generated/, so CLI tests run current code. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(root, "dist", "src", "cli", "main.js")).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built < Math.max(newest(join(root, "src")), newest(join(root, "generated")))) {
    execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" });
  }
}
