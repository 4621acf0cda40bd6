import { EcgridApiError, type RequestSummary } from "./errors.js";
import { redactHeaders, redactSecrets } from "./redact.js";
import { parseRetryAfter } from "./retry-timing.js";
import type { WireResponse } from "./transport.js";

/** How much of a non-JSON body an error keeps: enough to recognise a proxy's page. */
export const BODY_TEXT_LIMIT = 4096;

/** What an answer is checked against, and what an error about it may say. */
export interface AnswerContext {
  request: RequestSummary;
  /** Values that must never appear in an error: the API key, a password. */
  secrets: readonly string[];
}

type Parsed = { json: unknown } | { text: string };

function parse(payload: string): Parsed {
  if (payload.trim() === "") return { text: "" };
  try {
    return { json: JSON.parse(payload) };
  } catch {
    return { text: payload.length > BODY_TEXT_LIMIT ? `${payload.slice(0, BODY_TEXT_LIMIT)}…` : payload };
  }
}

/** Whether `v` is a plain JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Returns the `data` of a successful envelope, or throws {@link EcgridApiError} for anything
 * else: HTTP >= 400, `success: false`, or a body that is not the envelope at all.
 */
export function unwrapEnvelope(response: WireResponse, context: AnswerContext): unknown {
  const parsed = parse(response.body);
  if (response.status < 400 && "json" in parsed && isObject(parsed.json) && parsed.json.success === true && "data" in parsed.json) {
    return parsed.json.data;
  }
  throw apiError(response, parsed, context);
}

/** The {@link EcgridApiError} for a successful envelope whose `data` is not the promised shape. */
export function unexpectedShape(response: WireResponse, data: unknown, expected: string, context: AnswerContext): EcgridApiError {
  return new EcgridApiError(`HTTP ${response.status}: the response's data is not ${expected}`, {
    status: response.status,
    errorCode: undefined,
    retryAfterMs: undefined,
    body: redactSecrets({ success: true, data }, context.secrets),
    headers: redactHeaders(response.headers),
    request: context.request,
  });
}

function apiError(response: WireResponse, parsed: Parsed, context: AnswerContext): EcgridApiError {
  const body = redactSecrets("json" in parsed ? parsed.json : parsed.text, context.secrets);
  const envelope = isObject(body) ? body : {};
  const errorCode = typeof envelope.errorCode === "string" && envelope.errorCode !== "" ? envelope.errorCode : undefined;
  return new EcgridApiError(describe(response, body, errorCode), {
    status: response.status,
    errorCode,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    body,
    headers: redactSecrets(redactHeaders(response.headers), context.secrets),
    request: context.request,
  });
}

/** `errorCode (HTTP status): message`, or the closest thing the body allows. */
function describe(response: WireResponse, body: unknown, errorCode: string | undefined): string {
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  if (isObject(body)) {
    const message = typeof body.message === "string" && body.message !== "" ? body.message : undefined;
    if (errorCode !== undefined || message !== undefined) return `${errorCode ?? "Error"} (HTTP ${response.status}): ${message ?? "no message"}`;
    // RFC 9457 problem details, as ASP.NET validation failures send them.
    if (typeof body.title === "string") {
      const fields = isObject(body.errors) ? ` (${Object.keys(body.errors).join(", ")})` : "";
      const detail = typeof body.detail === "string" ? `: ${body.detail}` : "";
      return `${status}: ${body.title}${detail}${fields}`;
    }
    if (body.success === true) return `${status}: a success envelope without data`;
    return `${status}: a JSON body that is not the ECGrid envelope`;
  }
  if (body === "") return `${status}: empty body`;
  if (typeof body === "string") return `${status}: a ${response.headers.get("content-type") ?? "non-JSON"} body, not JSON`;
  return `${status}: a JSON body that is not the ECGrid envelope`;
}
