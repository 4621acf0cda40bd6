import { isErrorCode } from "./enums.js";
import { EcgridApiError, type RequestSummary } from "./errors.js";
import { REDACTED, redactionLoaded, type Redactor } from "./redact.js";
import { parseRetryAfter } from "./retry-timing.js";
import type { RefusedAnswer, WireResponse } from "./transport.js";

/** How much of a non-JSON body an error keeps: enough to recognise a proxy's page. */
export const BODY_TEXT_LIMIT = 4096;
/** How much of the server's `message` (or a `Location`) goes into an error's own message. */
const MESSAGE_LIMIT = 1000;
/**
 * The largest error body kept as parsed JSON. Parsing and redacting tens of megabytes would
 * block the event loop for seconds after the answer arrived; a larger one is kept as cut text.
 */
const ERROR_JSON_LIMIT = 1 << 20;
/** The headers an error about an operation that returns a secret keeps: none of them could carry it. */
const PLAIN_HEADERS = new Set(["content-type", "content-length", "date", "retry-after"]);

const clip = (text: string) => (text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text);

/** What an answer is checked against, and what an error about it may say. */
export interface AnswerContext {
  request: RequestSummary;
  /** Every error built from the answer passes through it. */
  redactor: Redactor;
  /** The operation's `data` is itself a secret: a success's body is never kept in an error. */
  secretResult?: boolean | undefined;
}

/** What the success envelope's `data` must hold. */
export type ResultKind = "user" | "users" | "boolean" | "string";

type Parsed = { json: unknown } | { text: string };

function parse(payload: string, limit = Number.POSITIVE_INFINITY): Parsed {
  if (payload.length > limit || payload.trim() === "") return { text: payload.length > limit ? payload : "" };
  try {
    return { json: JSON.parse(payload) };
  } catch {
    return { text: payload };
  }
}

/** Whether `v` is a plain JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Returns the `data` of a successful envelope, or throws {@link EcgridApiError} for anything
 * else: a status outside 2xx (a redirect too: none is followed), `success: false`, or a body
 * that is not the envelope at all.
 */
export function unwrapEnvelope(response: WireResponse, context: AnswerContext): unknown {
  const ok = response.status >= 200 && response.status < 300;
  const parsed = parse(response.body, ok ? undefined : ERROR_JSON_LIMIT);
  if (ok && "json" in parsed && isObject(parsed.json) && parsed.json.success === true && "data" in parsed.json) {
    return parsed.json.data;
  }
  throw apiError(response, parsed, context);
}

/** The `data` of a successful envelope, checked to be of the operation's kind. */
export function readResult(response: WireResponse, kind: ResultKind, context: AnswerContext): unknown {
  const data = unwrapEnvelope(response, context);
  const problem = shapeProblem(data, kind);
  if (problem === undefined) return data;
  throw apiError(response, { json: { success: true, data } }, context, `the response's data ${problem}`);
}

/** What is wrong with `data` for its kind, or undefined when nothing is. */
function shapeProblem(data: unknown, kind: ResultKind): string | undefined {
  switch (kind) {
    case "user":
      return isObject(data) ? undefined : "is not a user object";
    case "users": {
      if (!Array.isArray(data)) return "is not an array of users";
      const bad = data.findIndex((item) => !isObject(item));
      return bad === -1 ? undefined : `is not an array of users: item ${bad} is ${describeValue(data[bad])}`;
    }
    case "boolean":
      if (data === true) return undefined;
      // The docs return a boolean "indicating whether" it worked: a false is not a success.
      return data === false ? "is false: the server reports that the operation did not happen" : "is not a boolean";
    case "string":
      return typeof data === "string" ? undefined : "is not a string";
  }
}

const describeValue = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`);

/** The {@link EcgridApiError} for an answer the transport refused: too large, or a followed redirect. */
export function refusedAnswerError(refused: RefusedAnswer, context: AnswerContext): EcgridApiError {
  return apiError({ status: refused.status, statusText: refused.statusText, headers: refused.headers, body: "" }, { text: "" }, context, refused.reason);
}

/**
 * The one way an {@link EcgridApiError} is made: every string of the answer that it keeps
 * (status text, headers, body, and the message built from them) passes through the call's
 * redactor first, and a text body is cut only after that.
 */
function apiError(response: WireResponse, parsed: Parsed, context: AnswerContext, problem?: string): EcgridApiError {
  const { redactor, secretResult } = context;
  let body = "json" in parsed ? redactor.value(parsed.json) : redactor.cut(parsed.text, BODY_TEXT_LIMIT);
  let headers = redactor.headers(response.headers);
  let statusText = redactor.text(response.statusText);
  // An operation that returns a secret (an API key, a password) may carry it anywhere in any
  // answer: its `data`, a header, even the status text. Only the parts that cannot are kept.
  if (secretResult) {
    body = isObject(body) ? { ...body, data: REDACTED } : body === "" ? "" : REDACTED;
    headers = Object.fromEntries(Object.entries(headers).filter(([name]) => PLAIN_HEADERS.has(name.toLowerCase())));
    statusText = "";
  }
  const envelope = isObject(body) ? body : {};
  // A JSON body hidden whole (the redactor's patterns could not load) still tells a code of ECGrid's
  // own: those are a closed list, and none is a secret.
  const hidden = "json" in parsed && body === REDACTED && !redactionLoaded();
  const known = hidden && isObject(parsed.json) && isErrorCode(parsed.json.errorCode) ? parsed.json.errorCode : undefined;
  const errorCode = problem !== undefined ? undefined : typeof envelope.errorCode === "string" && envelope.errorCode !== "" ? envelope.errorCode : known;
  const status = `HTTP ${response.status}${statusText ? ` ${statusText}` : ""}`;
  // The message is redacted whole, once more, after it is put together: a secret the server split
  // across two fields (two keys of `errors`, a title and a detail) is whole only once they are
  // joined. A problem may quote the answer too (a redirect's target, say).
  const finish = (text: string) => redactor.cut(text, MESSAGE_LIMIT);
  const message =
    problem !== undefined
      ? finish(`${status}: ${problem}`)
      : hidden
        ? `${errorCode ?? "Error"} (HTTP ${response.status}): the body is hidden, as the redactor's patterns could not load`
        : describe(response.status, clip(status), headers, body, errorCode, finish);
  return new EcgridApiError(message, {
    status: response.status,
    errorCode,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    body,
    headers,
    request: context.request,
  });
}

/** `errorCode (HTTP status): message`, or the closest thing the body allows. All inputs are redacted. */
function describe(code: number, status: string, headers: Record<string, string>, body: unknown, errorCode: string | undefined, finish: (text: string) => string): string {
  if (code === 0) return `${status}: a redirect, not followed (the runtime hides where it leads)`;
  if (code >= 300 && code < 400) {
    const location = headers.location;
    return finish(`${status}: a redirect${location ? ` to ${location}` : ""}, not followed`);
  }
  if (isObject(body)) {
    const message = typeof body.message === "string" && body.message !== "" ? body.message : undefined;
    if (errorCode !== undefined || message !== undefined) return finish(`${errorCode ?? "Error"} (HTTP ${code}): ${message ?? "no message"}`);
    // RFC 9457 problem details, as ASP.NET validation failures send them.
    if (typeof body.title === "string") {
      const fields = isObject(body.errors) ? ` (${Object.keys(body.errors).join(", ")})` : "";
      const detail = typeof body.detail === "string" ? `: ${body.detail}` : "";
      return finish(`${status}: ${body.title}${detail}${fields}`);
    }
    if (body.success === true) return `${status}: a success envelope without data`;
    return `${status}: a JSON body that is not the ECGrid envelope`;
  }
  if (body === "") return `${status}: empty body`;
  if (typeof body === "string") return `${status}: a ${headers["content-type"] ?? "non-JSON"} body, not JSON`;
  return `${status}: a JSON body that is not the ECGrid envelope`;
}
