import { EcgridError } from "./errors.js";
import type { AttemptEvent } from "./send.js";
import { defaultTransport, fetchTransport, type FetchLike, type Transport } from "./transport.js";

/** The production API. ECGrid has no sandbox host. */
export const DEFAULT_BASE_URL = "https://rest.ecgrid.io";

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
  /** Sends each request instead of the built-in transport (Node's http(s) in Node, global fetch elsewhere). @default undefined */
  fetch?: FetchLike | undefined;
  /** Check request bodies against the spec before sending them. @default true */
  validateRequests?: boolean | undefined;
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
}

/** The options after defaults and checks. */
export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  /** The fetch of the raw client: the `fetch` option, else global fetch. */
  fetch: FetchLike;
  /** What users.* send with: the `fetch` option, else the runtime's fastest transport. */
  transport: Transport;
  validateRequests: boolean;
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
  return {
    apiKey: checkApiKey(options.apiKey ?? env("ECGRID_API_KEY")),
    baseUrl: checkBaseUrl(options.baseUrl ?? env("ECGRID_BASE_URL") ?? DEFAULT_BASE_URL),
    timeoutMs: checkTimeout("timeoutMs", options.timeoutMs ?? 30_000),
    maxRetries: checkRetries("maxRetries", options.maxRetries ?? 2),
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    transport: options.fetch ? fetchTransport(options.fetch) : defaultTransport(),
    validateRequests: options.validateRequests ?? true,
    onAttempt: options.onAttempt,
  };
}

function checkApiKey(apiKey: string | undefined): string {
  if (apiKey === undefined || apiKey === "") {
    throw new EcgridError("No ECGrid API key: pass { apiKey } to createEcgridClient(), or set the ECGRID_API_KEY environment variable.");
  }
  // A line break would let the key inject headers; other control characters make fetch throw later.
  if (/[\r\n]/.test(apiKey)) throw new EcgridError("The ECGrid API key must not contain CR or LF characters.");
  if (/[^\x20-\x7e]/.test(apiKey)) throw new EcgridError("The ECGrid API key must contain only printable ASCII characters.");
  return apiKey;
}

function checkBaseUrl(baseUrl: string): string {
  // The URL parser silently drops tabs and line breaks; refuse them instead of guessing.
  if (/[\x00-\x20\x7f]/.test(baseUrl)) throw new EcgridError("baseUrl must not contain spaces or control characters.");
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new EcgridError(`baseUrl must be an absolute http(s) URL, such as ${DEFAULT_BASE_URL}.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new EcgridError(`baseUrl must use https, not ${url.protocol.slice(0, -1)}.`);
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    throw new EcgridError("baseUrl must use https: plain http would send the API key in clear text. Only loopback hosts (127.0.0.1, localhost, ::1) may use http.");
  }
  if (url.username !== "" || url.password !== "") throw new EcgridError("baseUrl must not carry credentials; use the apiKey option.");
  if (url.search !== "" || url.hash !== "") throw new EcgridError("baseUrl must not have a query or a fragment.");
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/v2$/.test(path)) throw new EcgridError("baseUrl must not end in /v2: the client adds /v2 to every path.");
  return `${url.origin}${path}`;
}

function checkTimeout(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new EcgridError(`${name} must be a positive number of milliseconds.`);
  return value;
}

function checkRetries(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new EcgridError(`${name} must be a whole number, 0 or more.`);
  return value;
}

/** Applies and checks the per-call options. */
export function callPolicy(resolved: ResolvedOptions, options: RequestOptions | undefined) {
  return {
    signal: options?.signal,
    timeoutMs: checkTimeout("timeoutMs", options?.timeoutMs ?? resolved.timeoutMs),
    maxRetries: checkRetries("maxRetries", options?.maxRetries ?? resolved.maxRetries),
    onAttempt: resolved.onAttempt,
  };
}
