import { afterAll, describe, expect, it } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridNetworkError, EcgridTimeoutError, type EcgridClientOptions } from "../../src/index.js";
import { freePort } from "../../scripts/lib/prism.mjs";
import { SECRET_KEY, user, validCreate } from "../support/fake-fetch.js";
import { ChaosServer, reply, type Fault } from "./chaos-server.js";

const TIMEOUT_MS = 500;
// Built once: serializing megabytes inside a handler would stall every other scenario's timers.
const bigUsers = Array.from({ length: 45_000 }, (_, i) => user(i + 1));
const bigPage = JSON.stringify({ success: true, data: bigUsers });
const bigHtml = `<html>${"x".repeat(10 * 2 ** 20)}</html>`;
const envelope = (data: unknown) => ({ success: true, data });
const page = [user(1), user(2)];

/** What one operation must meet under a fault. */
interface Expect {
  /** The error class, or `"ok"` with the exact result. */
  outcome: (new (...args: never[]) => Error) | { ok: unknown };
  /** Requests the server must have received. */
  requests: number;
  /** Bounds on the time taken, in ms. */
  ms: [number, number];
  /** More checks on the error. */
  error?: Record<string, unknown>;
}

interface Scenario {
  name: string;
  fault: Fault | "refused";
  /** The attempt time limit, when the scenario needs more than TIMEOUT_MS to move its bytes. */
  timeoutMs?: number;
  list: Expect;
  create: Expect;
}

/** Two failures, then success: what the retries of a list must get through. */
const burst =
  (fail: Fault): Fault =>
  (req, res, seen) =>
    seen <= 2 ? fail(req, res, seen) : reply(res, 200, envelope(req.url === "/v2/users" ? user(9) : page));

const retryAfter = (value: () => string): Fault => burst((_, res) => reply(res, 429, { success: false, errorCode: "RateLimitExceeded", message: "slow down", data: null }, { "retry-after": value() }));
const status = (code: number): Fault => (_, res) => reply(res, code, { success: false, errorCode: "InternalError", message: "oops", data: null });
// Backoff before retries 1 and 2: 400–600 ms, then 800–1200 ms.
const twoBackoffs: [number, number] = [1100, 4000];

const scenarios: Scenario[] = [
  {
    name: "connection refused",
    fault: "refused",
    list: { outcome: EcgridNetworkError, requests: 0, ms: twoBackoffs },
    create: { outcome: EcgridNetworkError, requests: 0, ms: [0, 1000] },
  },
  {
    name: "reset before the headers",
    fault: (req) => req.socket.destroy(),
    list: { outcome: EcgridNetworkError, requests: 3, ms: twoBackoffs },
    create: { outcome: EcgridNetworkError, requests: 1, ms: [0, 1000] },
  },
  {
    name: "reset mid-body",
    // undici can take tens of milliseconds to report the reset of a POST, more on a loaded machine.
    timeoutMs: 3000,
    fault: (req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"success": true, "data": [', () => req.socket.destroy());
    },
    list: { outcome: EcgridNetworkError, requests: 3, ms: twoBackoffs },
    create: { outcome: EcgridNetworkError, requests: 1, ms: [0, 1000] },
  },
  {
    name: "a stall past timeoutMs",
    fault: () => {},
    list: { outcome: EcgridTimeoutError, requests: 3, ms: [3 * TIMEOUT_MS + 1100, 5000], error: { timeoutMs: TIMEOUT_MS } },
    create: { outcome: EcgridTimeoutError, requests: 1, ms: [TIMEOUT_MS - 20, 1500], error: { timeoutMs: TIMEOUT_MS } },
  },
  {
    name: "a slow drip of bytes",
    fault: (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const text = JSON.stringify(envelope(page));
      let i = 0;
      const drip = setInterval(() => (i < text.length && !res.destroyed ? res.write(text[i++]) : clearInterval(drip)), 50);
      res.on("close", () => clearInterval(drip));
    },
    list: { outcome: EcgridTimeoutError, requests: 3, ms: [3 * TIMEOUT_MS + 1100, 5000] },
    create: { outcome: EcgridTimeoutError, requests: 1, ms: [TIMEOUT_MS - 20, 1500] },
  },
  {
    name: "429 with Retry-After in seconds",
    fault: retryAfter(() => "1"),
    list: { outcome: { ok: page }, requests: 3, ms: [1900, 4000] },
    create: { outcome: { ok: user(9) }, requests: 3, ms: [1900, 4000] },
  },
  {
    name: "429 with Retry-After as an HTTP date",
    fault: retryAfter(() => new Date(Date.now() + 1500).toUTCString()),
    list: { outcome: { ok: page }, requests: 3, ms: [900, 4000] },
    create: { outcome: { ok: user(9) }, requests: 3, ms: [900, 4000] },
  },
  {
    name: "429 with Retry-After past the 60 s cap",
    fault: retryAfter(() => "120"),
    list: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 429, errorCode: "RateLimitExceeded", retryAfterMs: 120_000 } },
    create: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 429, retryAfterMs: 120_000 } },
  },
  {
    name: "429 with a garbage Retry-After",
    fault: retryAfter(() => "soon-ish"),
    list: { outcome: { ok: page }, requests: 3, ms: twoBackoffs },
    create: { outcome: { ok: user(9) }, requests: 3, ms: twoBackoffs },
  },
  ...[500, 502, 503, 504].map(
    (code): Scenario => ({
      name: `a burst of ${code}`,
      fault: burst(status(code)),
      list: { outcome: { ok: page }, requests: 3, ms: twoBackoffs },
      create: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: code, errorCode: "InternalError" } },
    }),
  ),
  {
    name: "an HTML 502 page",
    fault: (_, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>");
    },
    list: { outcome: EcgridApiError, requests: 3, ms: twoBackoffs, error: { status: 502, errorCode: undefined } },
    create: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 502, errorCode: undefined } },
  },
  {
    name: "an empty body with 200",
    fault: (_, res) => res.writeHead(200, { "content-type": "application/json" }).end(),
    list: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 200, body: "" } },
    create: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 200, body: "" } },
  },
  {
    name: "truncated JSON",
    fault: (_, res) => reply(res, 200, '{"success": true, "data": [{"userId": 1, "login"'),
    list: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 200, errorCode: undefined } },
    create: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 200, errorCode: undefined } },
  },
  {
    name: "200 with success: false",
    fault: (_, res) => reply(res, 200, { success: false, errorCode: "AccessDenied", message: "no", data: null }),
    list: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 200, errorCode: "AccessDenied" } },
    create: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 200, errorCode: "AccessDenied" } },
  },
  {
    name: "problem+json",
    fault: (_, res) => reply(res, 400, { title: "One or more validation errors occurred.", status: 400, errors: { Login: ["required"] } }, { "content-type": "application/problem+json" }),
    list: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 400, errorCode: undefined, message: "HTTP 400 Bad Request: One or more validation errors occurred. (Login)" } },
    create: { outcome: EcgridApiError, requests: 1, ms: [0, 1000], error: { status: 400, errorCode: undefined } },
  },
  {
    name: "a wrong content type on a good envelope",
    fault: (req, res) => reply(res, 200, envelope(req.url === "/v2/users" ? user(9) : page), { "content-type": "text/plain" }),
    list: { outcome: { ok: page }, requests: 1, ms: [0, 1000] },
    create: { outcome: { ok: user(9) }, requests: 1, ms: [0, 1000] },
  },
  {
    name: "a 10 MB response",
    timeoutMs: 8000,
    fault: (req, res) => {
      if (req.url === "/v2/users") return reply(res, 500, bigHtml, { "content-type": "text/html" });
      reply(res, 200, bigPage);
    },
    list: { outcome: { ok: bigUsers }, requests: 1, ms: [0, 10_000] },
    create: { outcome: EcgridApiError, requests: 1, ms: [0, 10_000], error: { status: 500 } },
  },
  {
    name: "unknown fields and enum values in a success",
    fault: (req, res) => {
      const future = user(7, { authLevel: "SuperAdmin", status: "Archived", mfa: { enabled: true } });
      reply(res, 200, { ...envelope(req.url === "/v2/users" ? future : [future]), requestId: "r-1" });
    },
    list: { outcome: { ok: [user(7, { authLevel: "SuperAdmin", status: "Archived", mfa: { enabled: true } })] }, requests: 1, ms: [0, 1000] },
    create: { outcome: { ok: user(7, { authLevel: "SuperAdmin", status: "Archived", mfa: { enabled: true } }) }, requests: 1, ms: [0, 1000] },
  },
];

const transports: [string, Pick<EcgridClientOptions, "fetch">][] = [
  ["the Node transport", {}],
  ["global fetch", { fetch: (request) => fetch(request) }],
];

/** Every create the servers received, to check that none was sent twice without a 429 first. */
const creates: { scenario: string; received: number; firstStatus: number | undefined }[] = [];

// Every scenario has its own server, so they all run at once: the suite takes as long as its slowest.
describe.concurrent.each(transports)("faults on %s", (_, transport) => {
  describe.each(scenarios)("$name", (scenario) => {
    it.concurrent.each(["list", "create"] as const)("%s", async (operation) => {
      const expected = scenario[operation];
      const server = scenario.fault === "refused" ? undefined : await ChaosServer.start();
      try {
        if (server && scenario.fault !== "refused") server.set(scenario.fault);
        const baseUrl = server?.url ?? `http://127.0.0.1:${await freePort()}`;
        // The transport's own behaviour under each fault: safe create's lookups are tested on their own.
        const ecgrid = createEcgridClient({ apiKey: SECRET_KEY, baseUrl, timeoutMs: scenario.timeoutMs ?? TIMEOUT_MS, maxRetries: 2, safeCreate: false, ...transport });
        const started = performance.now();
        const result = await (operation === "list" ? ecgrid.users.list() : ecgrid.users.create(validCreate)).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const ms = performance.now() - started;

        if ("ok" in expected.outcome) {
          expect(result).toEqual({ value: expected.outcome.ok });
        } else {
          expect("error" in result && result.error).toBeInstanceOf(expected.outcome);
          if (expected.error) expect("error" in result && result.error).toMatchObject(expected.error);
        }
        if (server) expect(server.seen[operation]).toBe(expected.requests);
        expect(ms).toBeGreaterThanOrEqual(expected.ms[0]);
        expect(ms).toBeLessThan(expected.ms[1]);
        if (server && operation === "create") creates.push({ scenario: scenario.name, received: server.seen.create, firstStatus: server.seen.firstCreateStatus });
      } finally {
        await server?.close();
      }
    });
  });
});

afterAll(() => {
  // Across every fault: a create reached the server twice only when its first answer was a 429.
  const twice = creates.filter((c) => c.received > 1);
  expect(twice.every((c) => c.firstStatus === 429), JSON.stringify(twice)).toBe(true);
  expect(creates.length).toBeGreaterThanOrEqual(2 * (scenarios.length - 1));
});
