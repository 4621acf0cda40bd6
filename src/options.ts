import { EcgridError } from "./errors.js";
import type { AttemptEvent } from "./send.js";
import { defaultTransport, fetchTransport, type FetchLike, type Transport } from "./transport.js";

/** The production API, the one host ECGrid's public documentation names. */
export const DEFAULT_BASE_URL = "https://rest.ecgrid.io";

/** The default of `maxResponseBytes`: far above a real page (a 500-user page is about 110 KB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 2 ** 20;
/** The largest `maxResponseBytes` allowed: a body must stay well below what a string can hold. */
const MAX_RESPONSE_BYTES_LIMIT = 256 * 2 ** 20;
/** The longest timer JavaScript runtimes keep: a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Options of {@link createEcgridClient}. Every one is optional. */
export interface EcgridClientOptions {
  /** API key sent as `X-API-Key`. @default process.env.ECGRID_API_KEY */
  apiKey?: string | undefined;
  /** Base URL without `/v2`; `http://` is refused except on loopback. @default process.env.ECGRID_BASE_URL, else "https://rest.ecgrid.io" */
  baseUrl?: string | undefined;
  /** Time limit of each attempt in ms, covering the headers and the body. @default 30000 */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, for the failures that are safe to retry. @default 2 */
  maxRetries?: number | undefined;
  /** The most bytes an answer's body may have, counted as they arrive; past it the call fails. @default 33554432 (32 MiB) */
  maxResponseBytes?: number | undefined;
  /** Sends each request instead of the built-in transport (Node's http(s) in Node, global fetch elsewhere). @default undefined */
  fetch?: FetchLike | undefined;
  /** Check request bodies against the spec before sending them. @default true */
  validateRequests?: boolean | undefined;
  /**
   * Send request fields the spec does not name. The API refuses none (ECGrid may add optional
   * fields), but by default the client refuses them, to catch a typo such as `loginName`. @default false
   */
  allowUnknownFields?: boolean | undefined;
  /**
   * After a create fails ambiguously (a 5xx, a timeout, a dropped connection), look the login up
   * to learn whether it happened: resolve to the user if it did, send it again if it did not. @default true
   */
  safeCreate?: boolean | undefined;
  /** Called after every attempt with a summary free of headers and bodies, e.g. for logging. @default undefined */
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
}

/** Options every method takes as its last argument; they override the client's for one call. */
export interface RequestOptions {
  /** Aborts the call; it then rejects at once with the signal's reason. @default undefined */
  signal?: AbortSignal | undefined;
  /** Time limit of each attempt of this call in ms. @default the client's timeoutMs */
  timeoutMs?: number | undefined;
  /** Retries of this call. @default the client's maxRetries */
  maxRetries?: number | undefined;
  /** The most bytes this call's answer may have. @default the client's maxResponseBytes */
  maxResponseBytes?: number | undefined;
  /** More request headers for this call, e.g. a correlation id; `X-API-Key` and `Content-Type` cannot be set. @default undefined */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** The options after defaults and checks. */
export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  /** The base URL's origin: the only one the key is sent to. */
  origin: string;
  timeoutMs: number;
  maxRetries: number;
  maxResponseBytes: number;
  /** What every call sends with: the `fetch` option, else the runtime's fastest transport. */
  transport: Transport;
  validateRequests: boolean;
  allowUnknownFields: boolean;
  safeCreate: boolean;
  onAttempt: ((event: AttemptEvent) => void) | undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function env(name: string): string | undefined {
  // Browsers and some edge runtimes have no `process`; there the options must be passed.
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === "" ? undefined : value;
}

/** Applies defaults and refuses options that would fail later or leak the key. Throws {@link EcgridError}. */
export function resolveOptions(options: EcgridClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new EcgridError("createEcgridClient() takes an options object.");
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new EcgridError("fetch must be a function that takes a Request and resolves to a Response.");
  if (options.onAttempt !== undefined && typeof options.onAttempt !== "function") throw new EcgridError("onAttempt must be a function.");
  const baseUrl = checkBaseUrl(options.baseUrl ?? env("ECGRID_BASE_URL") ?? DEFAULT_BASE_URL);
  return {
    apiKey: checkApiKey(options.apiKey ?? env("ECGRID_API_KEY")),
    baseUrl,
    origin: new URL(baseUrl).origin,
    timeoutMs: checkTimeout("timeoutMs", options.timeoutMs ?? 30_000),
    maxRetries: checkRetries("maxRetries", options.maxRetries ?? 2),
    maxResponseBytes: checkMaxBytes("maxResponseBytes", options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
    transport: options.fetch ? fetchTransport(options.fetch) : defaultTransport(),
    validateRequests: options.validateRequests ?? true,
    allowUnknownFields: options.allowUnknownFields ?? false,
    safeCreate: options.safeCreate ?? true,
    onAttempt: options.onAttempt,
  };
}

function checkApiKey(apiKey: unknown): string {
  if (apiKey === undefined || apiKey === "") {
    throw new EcgridError("No ECGrid API key: pass { apiKey } to createEcgridClient(), or set the ECGRID_API_KEY environment variable.");
  }
  // Its value is never quoted: only what kind of thing it is.
  if (typeof apiKey !== "string") throw new EcgridError(`The ECGrid API key must be a string, not ${apiKey === null ? "null" : typeof apiKey}.`);
  // Usually a stray newline or space from a file or a copy: the server would refuse the key.
  if (apiKey.trim() !== apiKey) throw new EcgridError("The ECGrid API key must not start or end with whitespace.");
  // A line break would let the key inject headers; other control characters make fetch throw later.
  if (/[^\x20-\x7e]/.test(apiKey)) throw new EcgridError("The ECGrid API key must be printable ASCII: no CR or LF or other control characters.");
  return apiKey;
}

function checkBaseUrl(baseUrl: unknown): string {
  let url: URL | undefined;
  try {
    // The URL parser silently drops tabs and line breaks; refuse them instead of guessing.
    if (typeof baseUrl === "string" && !/[\x00-\x20\x7f]/.test(baseUrl)) url = new URL(baseUrl);
  } catch {
    // Said below.
  }
  if (url === undefined) throw new EcgridError(`baseUrl must be an absolute http(s) URL without spaces or control characters, such as ${DEFAULT_BASE_URL}.`);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new EcgridError(`baseUrl must use https, not ${url.protocol.slice(0, -1)}.`);
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    throw new EcgridError("baseUrl must use https: plain http would send the API key in clear text (only loopback hosts may use http).");
  }
  if (url.username !== "" || url.password !== "") throw new EcgridError("baseUrl must not carry credentials; use the apiKey option.");
  if (url.search !== "" || url.hash !== "") throw new EcgridError("baseUrl must not have a query or a fragment.");
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/v2$/.test(path)) throw new EcgridError("baseUrl must not end in /v2: the client adds /v2 to every path.");
  return `${url.origin}${path}`;
}

/** A number option, checked against its range; the message says the whole rule. */
function checkNumber(name: string, value: unknown, rule: string, ok: (n: number) => boolean): number {
  if (typeof value !== "number" || !ok(value)) throw new EcgridError(`${name} must be ${rule}.`);
  return value;
}
// A longer timer fires at once, so it is refused rather than capped.
const checkTimeout = (name: string, value: unknown) => checkNumber(name, value, `a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS}`, (n) => n > 0 && n <= MAX_TIMEOUT_MS);
export const checkRetries = (name: string, value: unknown): number => checkNumber(name, value, "a whole number, 0 or more", (n) => Number.isInteger(n) && n >= 0);
const checkMaxBytes = (name: string, value: unknown) => checkNumber(name, value, `a whole number of bytes from 1 to ${MAX_RESPONSE_BYTES_LIMIT}`, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_RESPONSE_BYTES_LIMIT);

/** Applies and checks the per-call options. */
export function callPolicy(resolved: ResolvedOptions, options: RequestOptions | undefined) {
  const signal = checkSignal(options?.signal);
  return {
    signal,
    timeoutMs: checkTimeout("timeoutMs", options?.timeoutMs ?? resolved.timeoutMs),
    maxRetries: checkRetries("maxRetries", options?.maxRetries ?? resolved.maxRetries),
    maxResponseBytes: checkMaxBytes("maxResponseBytes", options?.maxResponseBytes ?? resolved.maxResponseBytes),
    onAttempt: resolved.onAttempt,
    origin: resolved.origin,
    headers: checkHeaders(options?.headers),
  };
}

/** The caller's signal, checked: duck-typed, as a signal of another realm or a polyfill is no instance of this one's class. */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const s = signal as Partial<AbortSignal> | null;
  if (typeof s !== "object" || s === null || typeof s.addEventListener !== "function" || typeof s.removeEventListener !== "function" || typeof s.aborted !== "boolean") {
    throw new EcgridError("signal must be an AbortSignal.");
  }
  return signal as AbortSignal;
}

/**
 * Headers a call cannot set: the client's own, and those that would steer the request elsewhere
 * (`Host`) or change its framing on the wire.
 */
const OWN_HEADERS = new Set(["x-api-key", "content-type", "host", "content-length", "transfer-encoding", "connection", "keep-alive", "expect", "upgrade", "te", "trailer"]);

/** The per-call headers, lower-cased and checked: a token for a name, no line break or NUL in a value. */
function checkHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== "object" || headers === null) throw new EcgridError("headers must be an object of header names and string values.");
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (OWN_HEADERS.has(lower) || lower.startsWith("proxy-")) throw new EcgridError(`headers: ${name} cannot be set per call; the client sets it.`);
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower)) throw new EcgridError(`headers: ${JSON.stringify(name)} is not a valid header name.`);
    // What HTTP carries: tab, printable ASCII and Latin-1; no line break or other control.
    if (typeof value !== "string" || /[^\t\x20-\x7e\x80-\xff]/.test(value)) throw new EcgridError(`headers: the value of ${name} must be a string of printable Latin-1 characters.`);
    out[lower] = value;
  }
  return out;
}
