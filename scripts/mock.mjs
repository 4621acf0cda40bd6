#!/usr/bin/env node
// @ts-check
/**
 * `npm run mock -- [--port N] [--prism]`: a server of the ECGrid users API in the foreground, for
 * trying your own code against it. By default the stateful fake of ecgrid-users/testing, seeded
 * with an example network; `--prism` serves Prism's stateless mock of openapi/openapi.yaml instead.
 * A port already in use is an error (exit 1). Ctrl-C stops it.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseScriptArgs } from "./lib/args.mjs";
import { startPrism } from "./lib/prism.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const usage = `Usage: npm run mock -- [--port N] [--prism]
Serves the ECGrid users API on 127.0.0.1 until Ctrl-C: by default the stateful fake of
ecgrid-users/testing, seeded with an example network (65 users in two networks).

  --port N   listen on port N (default: a free port); a port in use is an error
  --prism    serve Prism's stateless mock of openapi/openapi.yaml instead`;
const values = parseScriptArgs({ usage, options: { port: { type: "string" }, prism: { type: "boolean" } } });
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`--port must be a port number from 1 to 65535, not '${values.port}'.`);
  process.exit(2);
}

/** @param {unknown} error */
const inUse = (error) => /** @type {{ code?: string }} */ (error)?.code === "EADDRINUSE";
const portTaken = () => {
  console.error(`Port ${port} on 127.0.0.1 is already in use: another server answers there. Pick another with --port, or leave it out for a free one.`);
  process.exit(1);
};

/**
 * Whether 127.0.0.1:`port` can be bound now. Prism's readiness probe would take another server on
 * the port for Prism itself, so the port is tried first.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
const portFree = (port) =>
  new Promise((done) => {
    const probe = createServer();
    probe.once("error", () => done(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => done(true)));
  });

if (values.prism) {
  if (port !== undefined && !(await portFree(port))) portTaken();
  const prism = await startPrism({ ...(port === undefined ? {} : { port }), output: "inherit", extraArgs: ["--errors"] });
  console.log(`
ECGrid users mock (Prism) listening on ${prism.url} (PID ${prism.pid}). Ctrl-C stops it.

  curl -s -X POST ${prism.url}/v2/users/list -H 'X-API-Key: any-key' -H 'Content-Type: application/json' -d '{"networkId": 1}'

Point the client at it with ECGRID_BASE_URL=${prism.url} and any ECGRID_API_KEY.
It answers with the spec's examples and remembers nothing. Pick an answer with a Prefer header:
'Prefer: code=429' or 'Prefer: example=emptyPage'.
`);
  stopOnSignal(() => prism.stop());
} else {
  buildIfStale();
  const { createFakeEcgrid, exampleNetwork } = await import("ecgrid-users/testing");
  const network = exampleNetwork();
  const fake = createFakeEcgrid({
    ...network,
    onRequest: (entry) => console.log(`${entry.method} ${entry.path} ${entry.status ?? `(${String(entry.fault)})`}${entry.errorCode ? ` ${entry.errorCode}` : ""}`),
  });
  /** @type {Awaited<ReturnType<typeof fake.listen>>} */
  let server;
  try {
    server = await fake.listen({ port: port ?? 0 });
  } catch (error) {
    if (inUse(error)) portTaken();
    throw error;
  }
  const caller = network.users.find((u) => u.userId === network.caller?.userId);
  /** @type {Map<number | undefined, typeof network.users>} */
  const byNetwork = new Map();
  for (const user of network.users) byNetwork.set(user.networkId, [...(byNetwork.get(user.networkId) ?? []), user]);
  console.log(`
ECGrid users fake listening on ${server.url} (PID ${process.pid}). Ctrl-C stops it.

Seeded: ${[...byNetwork].map(([id, users]) => `network ${id}, ${users.length} users in mailboxes ${[...new Set(users.map((u) => u.mailboxId))].sort().map((m) => (m === 0 ? "0 (network-level)" : m)).join(", ")}`).join("; ")}.
Caller: ${caller?.login} (userId ${caller?.userId}), ${caller?.authLevel} of network ${caller?.networkId}, mailbox ${caller?.mailboxId}. Any API key acts as it.

  curl -s -X POST ${server.url}/v2/users/list -H 'X-API-Key: any-key' -H 'Content-Type: application/json' -d '{"networkId": 1, "pageNo": 2}'

Point the client at it with ECGRID_BASE_URL=${server.url} and any ECGRID_API_KEY.
It remembers: a user you create shows up in later lists, and a second create of its login is refused.
Everything is forgotten when it stops. \`npm run mock -- --prism\` serves the stateless Prism mock instead.
`);
  stopOnSignal(() => server.close());
}

/**
 * Stops the server on Ctrl-C or SIGTERM, by the handle this script holds, then exits.
 * @param {() => Promise<unknown>} close
 */
function stopOnSignal(close) {
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

/** Builds dist/ (silently) when dist/testing.js is missing or older than the sources, as `npm start` would. */
function buildIfStale() {
  /** @param {string} dir @returns {number} */
  const newest = (dir) => Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  let built = 0;
  try {
    built = statSync(join(root, "dist", "testing.js")).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built < Math.max(...["src", "generated", "openapi"].map((d) => newest(join(root, d))))) {
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
  }
}
