// @ts-check
/**
 * Starts and stops a Prism mock (or proxy) of openapi/openapi.yaml on a loopback port.
 * Shared by the test suite's global setup and by the scripts that run the mock, so both
 * meet the same readiness and shutdown rules.
 */
import { spawn } from "node:child_process";
import { openSync, closeSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The spec every mock is built from. */
export const specPath = join(root, "openapi", "openapi.yaml");
const prismEntry = join(root, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");

/**
 * Asks the OS for a free port on 127.0.0.1. Prism's own `-p 0` hides the port it picked
 * in a log line, so we pick it here.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * @typedef {object} PrismHandle
 * @property {string} url Base URL of the running mock, e.g. http://127.0.0.1:4010
 * @property {number} pid PID of the Prism process; `stop()` signals exactly this process.
 * @property {() => string} log What Prism has logged so far.
 * @property {() => Promise<void>} stop Stops Prism by its PID and waits for it to exit.
 */

/**
 * Spawns Prism and resolves once it answers HTTP.
 * @param {object} [options]
 * @param {"mock" | "proxy"} [options.mode] `proxy` forwards to `upstream` and reports violations.
 * @param {string} [options.upstream] The real server, for proxy mode.
 * @param {number} [options.port] A fixed port; a free one by default.
 * @param {string[]} [options.extraArgs] More Prism CLI arguments, e.g. `["--errors"]`.
 * @param {number} [options.readyTimeoutMs] How long to wait for the first answer.
 * @param {"inherit" | "file"} [options.output] Where Prism logs: the terminal or a temp file.
 * @returns {Promise<PrismHandle>}
 */
export async function startPrism(options = {}) {
  const { mode = "mock", upstream, extraArgs = [], readyTimeoutMs = 20_000, output = "file" } = options;
  const port = options.port ?? (await freePort());
  const args = [prismEntry, mode, specPath, ...(mode === "proxy" && upstream ? [upstream] : []), "--host", "127.0.0.1", "--port", String(port), ...extraArgs];

  // Prism dies when its stdout is a pipe that nobody reads, so it writes to a file instead.
  const logDir = mkdtempSync(join(tmpdir(), "ecgrid-prism-"));
  const logPath = join(logDir, "prism.log");
  const fd = output === "file" ? openSync(logPath, "w") : undefined;
  const child = spawn(process.execPath, args, { cwd: root, stdio: fd === undefined ? ["ignore", "inherit", "inherit"] : ["ignore", fd, fd] });
  if (fd !== undefined) closeSync(fd);
  const log = () => (output === "file" ? safeRead(logPath) : "");

  /** @type {Promise<void>} */
  const exited = new Promise((resolveExit) => child.once("exit", () => resolveExit()));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });

  const stop = async () => {
    if (alive && child.pid !== undefined) {
      process.kill(child.pid, "SIGTERM");
      const killTimer = setTimeout(() => {
        if (alive && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
      }, 3_000);
      await exited;
      clearTimeout(killTimer);
    }
    rmSync(logDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  // Bounded poll. Prism opens its port only once it has loaded the spec and built its routes, so an
  // accepted connection means it is serving. A TCP probe, not an HTTP one: Prism would log a probe
  // request as a NO_PATH_MATCHED error in the mock's terminal.
  while (true) {
    if (!alive) {
      const text = log();
      await stop();
      throw new Error(`Prism exited before it was ready.\n${text}`);
    }
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      const text = log();
      await stop();
      throw new Error(`Prism did not accept connections on ${url} within ${readyTimeoutMs} ms.\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.pid === undefined) throw new Error("Prism started without a PID");
  return { url, pid: child.pid, log, stop };
}

/**
 * Whether something accepts a TCP connection on 127.0.0.1:`port` within a second.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function accepts(port) {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", () => done(false));
  });
}

/** @param {string} path */
function safeRead(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
