#!/usr/bin/env node
// @ts-check
/**
 * `npm run contract:live`: checks a real server against openapi/openapi.yaml. Prism runs in
 * proxy mode between this client and ECGRID_BASE_URL, and flags every request and response
 * that breaks the spec in an `sl-violations` header. The scenario is read-only unless
 * --allow-create is given.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createEcgridClient, isEcgridError, DEFAULT_BASE_URL } from "ecgrid-users";
import { startPrism } from "./lib/prism.mjs";

const usage = `Usage: ECGRID_API_KEY=... [ECGRID_BASE_URL=...] npm run contract:live -- [--pages N] [--per-page N] [--allow-create]

Checks a live ECGrid server against openapi/openapi.yaml through a Prism proxy on 127.0.0.1.

  ECGRID_API_KEY    required: the key of the user whose network is listed
  ECGRID_BASE_URL   the server to check (default ${DEFAULT_BASE_URL})
  --pages N         list at most N pages of the caller's users (default 3)
  --per-page N      users per page (default 25)
  --allow-create    also create one user: this WRITES to the real system

Exit codes: 0 the contract holds, 1 a violation or a failed call, 2 a usage problem.`;

/** @param {string} name @param {string | undefined} value @param {number} fallback */
function count(name, value, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number, 1 or more.`);
    process.exit(2);
  }
  return n;
}

let values;
try {
  ({ values } = parseArgs({ options: { pages: { type: "string" }, "per-page": { type: "string" }, "allow-create": { type: "boolean" }, help: { type: "boolean" } } }));
} catch (error) {
  console.error(`${/** @type {Error} */ (error).message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const apiKey = process.env.ECGRID_API_KEY;
if (!apiKey) {
  console.error(`ECGRID_API_KEY is not set: the live check needs the API key of a real ECGrid user.\n\n${usage}`);
  process.exit(2);
}
const upstream = process.env.ECGRID_BASE_URL || DEFAULT_BASE_URL;
const pages = count("pages", values.pages, 3);
const perPage = count("per-page", values["per-page"], 25);
try {
  // The same rules as the client: https, or plain http on loopback only, so the key never travels in clear.
  createEcgridClient({ apiKey, baseUrl: upstream });
} catch (error) {
  console.error(`ECGRID_BASE_URL: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}

/** @typedef {{ location: string[], severity: string, code: string | number, message: string }} Violation */
/** @type {{ operation: string, status: number, violation: Violation }[]} */
const flagged = [];
/** @type {string[]} */
const failures = [];
let exchanges = 0;

const prism = await startPrism({ mode: "proxy", upstream });
const stop = () => prism.stop();
process.once("SIGINT", () => void stop().then(() => process.exit(130)));

const client = createEcgridClient({
  apiKey,
  baseUrl: prism.url,
  maxRetries: 0,
  fetch: async (request) => {
    const response = await fetch(request);
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
    failures.push(`${operation}: ${isEcgridError(error) ? error.message : String(error)}`);
    return undefined;
  }
}

try {
  console.log(`Checking ${upstream} against openapi/openapi.yaml through a Prism proxy at ${prism.url}.`);
  for (let pageNo = 1; pageNo <= pages; pageNo++) {
    const page = /** @type {unknown[] | undefined} */ (await attempt("listUsers", () => client.users.list({ pageNo, recordsPerPage: perPage })));
    console.log(`  listUsers page ${pageNo}: ${page ? `${page.length} users` : "failed"}`);
    if (!page || page.length < perPage) break;
  }
  if (values["allow-create"]) {
    const login = `ecgrid-users-check-${Date.now().toString(36)}`;
    console.error(`WARNING: --allow-create creates the user '${login}' on ${upstream}. It stays there until you terminate it.`);
    // Random, and meets every class of the password rule; it is never printed.
    const password = `Ck1!${randomBytes(12).toString("base64url")}`;
    const user = await attempt("createUser", () => client.users.create({ login, password, email: `${login}@example.com` }));
    console.log(`  createUser: ${user ? `created ${login}` : "failed"}`);
  }
} finally {
  await stop();
}

for (const { operation, status, violation } of flagged) {
  console.log(`VIOLATION ${operation} ${status} [${violation.severity}] ${violation.location.join(".")}: ${violation.message}`);
}
for (const failure of failures) console.log(`FAILED ${failure}`);
if (flagged.length === 0 && failures.length === 0) {
  console.log(`PASS: ${exchanges} exchanges with ${upstream}, no violations of the contract.`);
} else {
  console.log(`FAIL: ${flagged.length} violations and ${failures.length} failed calls in ${exchanges} exchanges with ${upstream}.`);
  process.exitCode = 1;
}
