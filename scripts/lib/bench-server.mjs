// @ts-check
/**
 * Starts scripts/bench/server.mjs as its own process, so that its CPU is not counted as the
 * client's, and stops it by the PID this module spawned.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const server = join(resolve(fileURLToPath(new URL("../..", import.meta.url))), "scripts", "bench", "server.mjs");

/**
 * @param {string[]} args the server's flags, e.g. `["--total", "100000"]`
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startBenchServer(args = []) {
  const child = spawn(process.execPath, [server, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: /** @type {import("node:stream").Readable} */ (child.stdout) });
  /** @type {number} */
  const port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("the bench server did not start within 10 s")), 10_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      ok(Number(line));
    });
  });
  // Keep reading, so the pipe never fills.
  lines.on("line", () => {});
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        child.once("exit", () => done());
        if (child.pid !== undefined) process.kill(child.pid, "SIGTERM");
      }),
  };
}
