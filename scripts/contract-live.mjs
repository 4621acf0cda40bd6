#!/usr/bin/env node
// @ts-check
/**
 * `npm run contract:live`: checks a real server against openapi/openapi.yaml. Prism runs in
 * proxy mode between this client and ECGRID_BASE_URL, and flags every request and response
 * that breaks the spec in an `sl-violations` header. The scenario is read-only unless
 * --allow-create is given.
 */
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { createEcgridClient, isEcgridError, DEFAULT_BASE_URL } from "ecgrid-users";
import { parseScriptArgs } from "./lib/args.mjs";
import { startPrism } from "./lib/prism.mjs";

const usage = `Usage: ECGRID_API_KEY=... [ECGRID_BASE_URL=...] npm run contract:live -- [--pages N] [--per-page N] [--allow-create]

Checks a live ECGrid server against openapi/openapi.yaml through a Prism proxy on 127.0.0.1.

  ECGRID_API_KEY    required: the key of the user whose network is listed
  ECGRID_BASE_URL   the server to check (default ${DEFAULT_BASE_URL})
  --pages N         list at most N pages of the caller's users (default 3)
  --per-page N      users per page (default 25)
  --allow-create    also create one user: this WRITES to the real system

Exit codes: 0 the contract holds, 1 a violation, a failed call or an unreachable server, 2 a usage problem.`;

/** "1 exchange", "2 exchanges". @param {number} n @param {string} noun */
const plural = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** @param {string} name @param {string | undefined} value @param {number} fallback */
function wholeNumber(name, value, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number, 1 or more.`);
    process.exit(2);
  }
  return n;
}

const values = parseScriptArgs({ usage, options: { pages: { type: "string" }, "per-page": { type: "string" }, "allow-create": { type: "boolean" } } });
const apiKey = process.env.ECGRID_API_KEY;
if (!apiKey) {
  console.error(`ECGRID_API_KEY is not set: the live check needs the API key of a real ECGrid user.\n\n${usage}`);
  process.exit(2);
}
const upstream = process.env.ECGRID_BASE_URL || DEFAULT_BASE_URL;
const pages = wholeNumber("pages", values.pages, 3);
const perPage = wholeNumber("per-page", values["per-page"], 25);
try {
  // The same rules as the client: https, or plain http on loopback only, so the key never travels in clear.
  createEcgridClient({ apiKey, baseUrl: upstream });
} catch (error) {
  console.error(`ECGRID_BASE_URL: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}

/**
 * Opens (and closes) one TCP connection to the server, so that an unreachable server is reported
 * as such, rather than as the 500 that Prism's proxy answers in its place.
 * @param {URL} url
 * @returns {Promise<string | undefined>} why it could not be reached, or undefined
 */
function unreachable(url) {
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  return new Promise((done) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port });
    socket.setTimeout(10_000);
    socket.once("connect", () => {
      socket.destroy();
      done(undefined);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(`no answer from ${url.host} within 10 s`);
    });
    socket.once("error", (error) => done(error.message));
  });
}

/** @param {string} reason @param {number} done exchanges that took place before */
function reportUnreachable(reason, done) {
  const checked = done === 0 ? "nothing was checked" : `the check stopped after ${plural(done, "exchange")}`;
  console.error(`Could not reach the server at ${upstream} (${reason}). Check ECGRID_BASE_URL and the network: ${checked}.`);
}

const before = await unreachable(new URL(upstream));
if (before !== undefined) {
  reportUnreachable(before, 0);
  process.exit(1);
}

/** @typedef {{ location: string[], severity: string, code: string | number, message: string }} Violation */
/** @type {{ operation: string, status: number, violation: Violation }[]} */
const flagged = [];
/** @type {string[]} */
const failures = [];
let exchanges = 0;
/** @type {string | undefined} Set when Prism could not forward a request: the server went away. */
let lost;

const prism = await startPrism({ mode: "proxy", upstream });
const stop = () => prism.stop();
process.once("SIGINT", () => void stop().then(() => process.exit(130)));

const client = createEcgridClient({
  apiKey,
  baseUrl: prism.url,
  maxRetries: 0,
  fetch: async (request) => {
    const response = await fetch(request);
    // Prism answers for an upstream it cannot reach: a 500 problem+json of type FetchError.
    if (response.status === 500 && response.headers.get("content-type")?.startsWith("application/problem+json")) {
      const problem = /** @type {{ type?: string, title?: string }} */ (await response.clone().json().catch(() => ({})));
      if (problem.type === "FetchError") {
        lost = /reason: (.*)$/.exec(problem.title ?? "")?.[1] ?? problem.title ?? "no reason given";
        return response;
      }
    }
    exchanges++;
    const operation = new URL(request.url).pathname.endsWith("/list") ? "listUsers" : "createUser";
    const header = response.headers.get("sl-violations");
    for (const violation of header ? /** @type {Violation[]} */ (JSON.parse(header)) : []) flagged.push({ operation, status: response.status, violation });
    return response;
  },
});

/** @param {string} operation @param {() => Promise<unknown>} call */
async function attempt(operation, call) {
  try {
    return await call();
  } catch (error) {
    if (lost !== undefined) return undefined;
    failures.push(`${operation}: ${isEcgridError(error) ? error.message : String(error)}`);
    return undefined;
  }
}

try {
  console.log(`Checking ${upstream} against openapi/openapi.yaml through a Prism proxy at ${prism.url}.`);
  for (let pageNo = 1; pageNo <= pages; pageNo++) {
    const page = /** @type {unknown[] | undefined} */ (await attempt("listUsers", () => client.users.list({ pageNo, recordsPerPage: perPage })));
    if (lost !== undefined) break;
    console.log(`  listUsers page ${pageNo}: ${page ? plural(page.length, "user") : "failed"}`);
    if (!page || page.length < perPage) break;
  }
  if (values["allow-create"] && lost === undefined) {
    const login = `ecgrid-users-check-${Date.now().toString(36)}`;
    console.error(`WARNING: --allow-create creates the user '${login}' on ${upstream}. It stays there until you terminate it.`);
    // Random, and meets every class of the password rule; it is never printed.
    const password = `Ck1!${randomBytes(12).toString("base64url")}`;
    const user = await attempt("createUser", () => client.users.create({ login, password, email: `${login}@example.com` }));
    if (lost === undefined) console.log(`  createUser: ${user ? `created ${login}` : "failed"}`);
  }
} finally {
  await stop();
}

for (const { operation, status, violation } of flagged) {
  console.log(`VIOLATION ${operation} ${status} [${violation.severity}] ${violation.location.join(".")}: ${violation.message}`);
}
for (const failure of failures) console.log(`FAILED ${failure}`);
if (lost !== undefined) {
  reportUnreachable(lost, exchanges);
  process.exitCode = 1;
} else if (flagged.length === 0 && failures.length === 0) {
  console.log(`PASS: ${plural(exchanges, "exchange")} with ${upstream}, no violations of the contract.`);
} else {
  console.log(`FAIL: ${plural(flagged.length, "violation")} and ${plural(failures.length, "failed call")} in ${plural(exchanges, "exchange")} with ${upstream}.`);
  process.exitCode = 1;
}
