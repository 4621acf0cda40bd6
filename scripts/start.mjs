#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the main job on the embedded mock. Starts Prism from openapi/openapi.yaml on a
 * free loopback port, runs a short demo through the `ecgrid-users` command line, and stops the
 * mock by its PID. Needs no key and no network.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startPrism } from "./lib/prism.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const cli = join(root, "dist", "cli", "main.js");

const prism = await startPrism();
// Whatever happens below, the mock goes down with us.
const stop = () => prism.stop();
process.once("SIGINT", () => void stop().then(() => process.exit(130)));
process.once("SIGTERM", () => void stop().then(() => process.exit(143)));

/**
 * Runs one CLI command against the mock and shows it as a user would type it.
 * @param {string} title
 * @param {string[]} args
 * @param {{ stdin?: string, shown?: string }} [options]
 */
function step(title, args, options = {}) {
  console.log(`\n== ${title}`);
  console.log(`$ ${options.shown ?? ""}ecgrid-users ${args.join(" ")}`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    input: options.stdin ?? "",
    encoding: "utf8",
    env: { ...process.env, ECGRID_API_KEY: "demo-key", ECGRID_BASE_URL: prism.url },
    timeout: 30_000,
  });
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stdout.write(result.stderr);
  console.log(`(exit code ${result.status})`);
  return result.status;
}

let failed = false;
try {
  console.log(`ECGrid users demo on a Prism mock of openapi/openapi.yaml at ${prism.url} (PID ${prism.pid}).`);
  console.log("The mock answers with the spec's examples and refuses what the spec refuses.");
  failed ||=
    step("Create a user (the password comes from stdin, never from an argument)", ["create", "--login", "jsmith", "--email", "jsmith@example.com", "--first-name", "John", "--last-name", "Smith", "--auth-level", "MailboxAdmin", "--password-stdin", "--output", "table"], {
      stdin: "Passw0rd!\n",
      shown: "printf 'Passw0rd!\\n' | ",
    }) !== 0;
  failed ||= step("List every user of network 1, page by page", ["list", "--network-id", "1", "--all", "--output", "table"]) !== 0;
  const refused = step("A refused request: a weak password is caught before anything is sent", ["create", "--login", "ajones", "--email", "ajones@example.com", "--password-stdin"], {
    stdin: "password\n",
    shown: "printf 'password\\n' | ",
  });
  failed ||= refused !== 2;
} finally {
  await stop();
}
console.log(`\nMock stopped. ${failed ? "The demo did not go as expected." : "Done: try `npx ecgrid-users --help`, or `npm run mock` to keep a mock running."}`);
process.exitCode = failed ? 1 : 0;
