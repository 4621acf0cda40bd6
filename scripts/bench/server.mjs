#!/usr/bin/env node
// @ts-check
/**
 * The benchmark's server, run as its own process so that its CPU is not counted as the
 * client's. Listens on 127.0.0.1 with keep-alive and prints its port on the first line.
 *
 *   node scripts/bench/server.mjs [--total N] [--delay-ms N] [--throttle-every N] [--unavailable-every N]
 *
 * POST /v2/users/list answers `recordsPerPage` users of `pageNo` (default 25 of page 1) out of
 * `total` (default: unlimited), after `delay-ms` per request. Every `throttle-every`th request
 * gets a 429 (Retry-After: 0) and every `unavailable-every`th a 503 with no Retry-After.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { total: { type: "string" }, "delay-ms": { type: "string" }, "throttle-every": { type: "string" }, "unavailable-every": { type: "string" } } });
const throttleEvery = Number(values["throttle-every"] ?? 0);
const unavailableEvery = Number(values["unavailable-every"] ?? 0);
let requests = 0;
const total = values.total === undefined ? Number.POSITIVE_INFINITY : Number(values.total);
const delayMs = Number(values["delay-ms"] ?? 0);

/** @param {number} id */
const user = (id) => ({
  userId: id,
  login: `user${id}`,
  email: `user${id}@example.com`,
  firstName: "Bench",
  lastName: `User ${id}`,
  networkId: 1,
  mailboxId: 101,
  authLevel: "MailboxUser",
  status: "Active",
  created: "2024-03-15T10:22:00Z",
});

// The common page is serialized once, so the server's own cost stays small and constant.
const cache = new Map();
/** @param {number} pageNo @param {number} size */
function page(pageNo, size) {
  const key = `${pageNo}:${size}`;
  let body = cache.get(key);
  if (body === undefined) {
    const first = (pageNo - 1) * size + 1;
    const count = Math.max(0, Math.min(size, total - first + 1));
    body = JSON.stringify({ success: true, data: Array.from({ length: count }, (_, i) => user(first + i)) });
    cache.set(key, body);
  }
  return body;
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  /** @type {Buffer[]} */
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    requests++;
    if (throttleEvery > 0 && requests % throttleEvery === 0) {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "0" });
      res.end('{"success":false,"errorCode":"RateLimitExceeded","message":"slow down","data":null}');
      return;
    }
    if (unavailableEvery > 0 && requests % unavailableEvery === 0) {
      res.writeHead(503, { "content-type": "text/html" });
      res.end("<html><body>503 Service Unavailable</body></html>");
      return;
    }
    const { pageNo = 1, recordsPerPage = 25 } = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const answer = () => {
      const body = page(pageNo, recordsPerPage);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.maxRequestsPerSocket = 0;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(typeof address === "object" && address ? address.port : 0);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
