import { readResult, type ResultKind } from "./envelope.js";
import { EcgridError, type RequestSummary } from "./errors.js";
import { callPolicy, type RequestOptions, type ResolvedOptions } from "./options.js";
import { createRedactor, loadRedaction, redactionLoaded } from "./redact.js";
import { send } from "./send.js";
import type { FetchLike, WireResponse } from "./transport.js";

/** One call of an operation, ready to send. */
export interface Call {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path with its parameters filled in, e.g. `/v2/users/1042`. */
  path: string;
  /** The JSON body; `undefined` sends none. */
  body?: unknown;
  /** Whether the call may be re-sent after a 5xx, a timeout or a dropped connection. */
  idempotent: boolean;
  /** What the success envelope's `data` must hold. */
  result: ResultKind;
  /** Values the call sends that are secrets (a password): redacted like the key. */
  secrets: readonly string[];
  /** The `data` of the answer is itself a secret: never kept in an error. */
  secretResult?: boolean | undefined;
}

/** Sends calls over the resolved options and resolves to each one's checked `data`. */
export type Caller = (call: Call, options?: RequestOptions) => Promise<unknown>;

/** The caller of `users.*`: one request path, the same one `raw` takes (see {@link rawFetch}). */
export function createCaller(resolved: ResolvedOptions): Caller {
  const readHeaders = { "x-api-key": resolved.apiKey, accept: "application/json" };
  const writeHeaders = { ...readHeaders, "content-type": "application/json" };
  return async (call, options) => {
    const url = `${resolved.baseUrl}${call.path}`;
    const request: RequestSummary = { method: call.method, url };
    const redactor = createRedactor([resolved.apiKey, ...call.secrets]);
    const context = { request, redactor, secretResult: call.secretResult };
    const policy = { ...callPolicy(resolved, options), idempotent: call.idempotent, context };
    let body: string | undefined;
    if (call.body !== undefined) {
      try {
        body = JSON.stringify(call.body);
      } catch (error) {
        await loadRedaction(policy.signal);
        const reason = redactor.text(error instanceof Error ? error.message : String(error));
        throw new EcgridError(`Could not send ${call.method} ${call.path}: the body is not JSON (${reason})`, { cause: redactor.cause(error), request });
      }
    }
    const headers = { ...policy.headers, ...(body === undefined ? readHeaders : writeHeaders) };
    const response = await send(resolved.transport, { method: call.method, url, headers, body }, policy);
    try {
      return readResult(response, call.result, context);
    } catch (error) {
      if (redactionLoaded()) throw error;
      // The error is built again with every pattern of the redactor, which only errors load.
      await loadRedaction(policy.signal);
      return readResult(response, call.result, context);
    }
  };
}

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * The fetch that openapi-fetch (the raw client) sends through: it hands each Request to the
 * same {@link send} as `users.*`, so the raw client meets the same transport, origin check,
 * redirect refusal, size limit, timeouts and retries.
 * @param rules how to send a request to this path: whether it may be retried, and which body
 *   fields hold secrets.
 */
export function rawFetch(resolved: ResolvedOptions, rules: (method: string, pathname: string) => { idempotent: boolean; secretFields: readonly string[] }): FetchLike {
  return async (request) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.body === null ? undefined : await request.text();
    const { idempotent, secretFields } = rules(request.method, url.pathname);
    const redactor = createRedactor([resolved.apiKey, ...secretValues(body, secretFields)]);
    const context = { request: { method: request.method, url: request.url }, redactor };
    const policy = { ...callPolicy(resolved, { signal: request.signal }), idempotent, context };
    const wire = await send(resolved.transport, { method: request.method, url: request.url, headers, body }, policy);
    if (wire.status >= 200 && wire.status < 300) return toResponse(wire);
    // openapi-fetch hands an error answer to the caller as data: it is redacted as any error is.
    await loadRedaction(policy.signal);
    // A Map has the forEach a Response is copied with.
    // A name the redactor changed ("x-[REDACTED]") is no header name a Response can carry: it is left out.
    const named = Object.entries(redactor.headers(wire.headers)).filter(([name]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name));
    const kept = new Map(named) as unknown as WireResponse["headers"];
    return toResponse({ status: wire.status, statusText: redactor.text(wire.statusText), body: redactor.text(wire.body), headers: kept });
  };
}

/** The string values of `fields` in a JSON body, for redaction. */
function secretValues(body: string | undefined, fields: readonly string[]): string[] {
  if (body === undefined || fields.length === 0) return [];
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return [];
    return fields.map((f) => (parsed as Record<string, unknown>)[f]).filter((v): v is string => typeof v === "string");
  } catch {
    return [];
  }
}

function toResponse(wire: WireResponse): Response {
  const headers = new Headers();
  wire.headers.forEach((value, name) => headers.append(name, value));
  // A Response cannot have status 0: an opaque redirect is shown as the 3xx it was.
  const status = wire.status === 0 ? 302 : wire.status;
  return new Response(wire.body === "" || NULL_BODY.has(status) ? null : wire.body, { status, statusText: wire.statusText, headers });
}
