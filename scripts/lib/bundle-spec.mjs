// @ts-check
/**
 * Bundles openapi/openapi.yaml into one JSON file with the pinned Redocly CLI, quietly: shared by
 * `npm run build` (dist/openapi.json, shipped) and `npm run docs` (the page's download).
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const redocly = join(root, "node_modules", "@redocly", "cli", "bin", "cli.js");

/**
 * Writes the bundled spec to `output`. Exits the process with Redocly's message when it fails.
 * @param {string} output a .json path
 */
export function bundleSpec(output) {
  const bundled = spawnSync(process.execPath, [redocly, "bundle", "openapi/openapi.yaml", "--ext", "json", "--output", output], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  // Redocly reports its progress on stderr ("bundling …", "📦 Created a bundle …") and has no
  // switch to turn that off; every script that builds first would print it. Anything else it
  // says is a warning or an error, and passes through.
  const said = (bundled.stderr ?? "").split("\n").filter((line) => line.trim() !== "" && !/^bundling \S+\.\.\.$/.test(line) && !line.startsWith("📦 Created a bundle for "));
  if (said.length > 0) process.stderr.write(`${said.join("\n")}\n`);
  if (bundled.status !== 0) {
    console.error(`redocly bundle failed (${bundled.error?.message ?? `exit code ${bundled.status}`}).`);
    process.exit(1);
  }
}
