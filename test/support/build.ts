import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

/** Builds dist/ when it is missing or older than src/, generated/ or openapi/, so tests run current code. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    // The oldest of the build's outputs: the bundle is written last.
    built = Math.min(...["index.js", "cli/main.js", "src/index.d.ts", "openapi.json"].map((f) => statSync(join(root, "dist", f)).mtimeMs));
  } catch {
    // Not built yet, or only in part.
  }
  if (built < Math.max(...["src", "generated", "openapi"].map((d) => newest(join(root, d))))) {
    execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" });
  }
}
