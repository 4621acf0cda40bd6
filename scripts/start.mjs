#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the main job on the embedded mock. Serves the stateful fake ECGrid
 * (ecgrid-users/testing, seeded with an example network) on a free 127.0.0.1 port, runs a short
 * demo through the `ecgrid-users` command line against it, and closes it. Needs no key and no
 * network. Each step shows what a real system would: what is created can be found and listed,
 * a second create meets DuplicateObject, a rate-limited call is retried.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createFakeEcgrid, exampleNetwork } from "ecgrid-users/testing";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const cli = join(root, "dist", "cli", "main.js");

const fake = createFakeEcgrid(exampleNetwork());
const server = await fake.listen();
// Whatever happens below, the fake goes down with us.
const stop = () => server.close();
process.once("SIGINT", () => void stop().then(() => process.exit(130)));
process.once("SIGTERM", () => void stop().then(() => process.exit(143)));

/**
 * Runs one CLI command against the fake and shows it as a user would type it. The fake answers
 * from this process, so the command runs beside it, never blocking it.
 * @param {string} title
 * @param {string[]} args
 * @param {{ stdin?: string, shown?: string }} [options]
 * @returns {Promise<number | null>} the exit code
 */
function step(title, args, options = {}) {
  console.log(`\n== ${title}`);
  console.log(`$ ${options.shown ?? ""}ecgrid-users ${args.join(" ")}`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ECGRID_API_KEY: "demo-key", ECGRID_BASE_URL: server.url },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      process.stdout.write(output);
      console.log(`(exit code ${code})`);
      done(code);
    });
    child.stdin.end(options.stdin ?? "");
  });
}

const password = { stdin: "Passw0rd!\n", shown: "printf 'Passw0rd!\\n' | " };
/** @type {string[]} */
const surprises = [];
/** @param {string} what @param {boolean} ok */
const expect = (what, ok) => void (ok || surprises.push(what));
try {
  console.log(`ECGrid users demo on the stateful fake at ${server.url}: network 1 holds ${fake.users.filter((u) => u.networkId === 1).length} users over mailboxes 101 and 102.`);
  console.log("The key's user is netadmin, NetworkAdmin of network 1. Nothing here reaches the real ECGrid.");

  expect("create", (await step("Create a user (the password comes from stdin, never from an argument)", ["create", "--login", "jdoe", "--email", "jdoe@example.com", "--first-name", "Jane", "--last-name", "Doe", "--auth-level", "MailboxAdmin", "--password-stdin", "--output", "table"], password)) === 0);
  const created = fake.users.find((u) => u.login === "jdoe");
  expect("the created user is stored", created !== undefined);
  const id = String(created?.userId ?? 0);

  expect("get --login", (await step("Find it by login: one user per network where the login exists", ["get", "--login", "jdoe", "--output", "table"])) === 0);
  expect("list --all", (await step("List network 1's active users, 20 a page, every page (--verbose shows one request a page)", ["list", "--network-id", "1", "--status", "active", "--per-page", "20", "--all", "--output", "csv", "--verbose"])) === 0);
  expect("a second create is refused", (await step("Create the same login again: the network already has it", ["create", "--login", "jdoe", "--email", "jdoe@example.com", "--password-stdin"], password)) === 1);
  expect("set-role", (await step("Change its role", ["set-role", id, "--auth-level", "networkuser", "--output", "table"])) === 0);

  // The next Get Me meets a 429 first: the client waits what Retry-After says, then retries.
  fake.failNext("getMe", { status: 429, retryAfter: 1 });
  expect("a 429 retried", (await step("A rate-limited call, retried after Retry-After (--verbose shows each attempt)", ["whoami", "--verbose", "--output", "table"])) === 0);

  expect("terminate", (await step("Terminate it (--yes: no terminal here to confirm on)", ["terminate", id, "--yes", "--output", "table"])) === 0);
  expect("terminated", fake.users.find((u) => u.login === "jdoe")?.status === "Terminated");
  expect("the weak password is refused", (await step("A weak password is refused before anything is sent", ["create", "--login", "ajones2", "--email", "ajones2@example.com", "--password-stdin"], { stdin: "password\n", shown: "printf 'password\\n' | " })) === 2);
} finally {
  await stop();
}
const done = surprises.length === 0;
console.log(`\nFake closed. ${done ? "Done: try `npx ecgrid-users --help`, or `npm run mock` to keep a fake running." : `The demo did not go as expected: ${surprises.join(", ")}.`}`);
process.exitCode = done ? 0 : 1;
