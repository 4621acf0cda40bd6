import type { ErrorCode } from "../generated/schema.js";
import type { User } from "./types.js";

/** A string union that still accepts values added to the API after this release. */
export type Open<T extends string> = T | (string & {});

/** The `name` of every error this package throws. */
export type EcgridErrorName = "EcgridError" | "EcgridApiError" | "EcgridValidationError" | "EcgridTimeoutError" | "EcgridNetworkError";

// A registered symbol, so the guards work across duplicate copies of this package.
const brand: unique symbol = Symbol.for("ecgrid-users.error");

/** The request an error is about: method and URL only, never headers or body. */
export interface RequestSummary {
  method: string;
  url: string;
}

/**
 * What `create` learned when it looked the login up after failing ambiguously (a 5xx, a timeout,
 * a dropped connection), when that did not settle whether the user was created.
 */
export interface CreateRecovery {
  /**
   * `not-created`: no user has that login in the network, so the create did not happen, and no
   * retry was left to send it again: it is safe to try again.
   * `different-user`: the network has a user with that login, but not with the email asked for
   * (someone else's, or this create's with a changed email: look before acting).
   * `lookup-failed`: the lookup itself failed (see `lookupError`), so nothing is known.
   */
  outcome: "not-created" | "different-user" | "lookup-failed";
  /** The users the lookup found with that login in the target network. */
  found?: readonly User[];
  /** Why the lookup failed. */
  lookupError?: unknown;
}

/**
 * Base class of everything the client throws, apart from the caller's own abort reason.
 * Catch this to handle every failure of the client in one place.
 */
export class EcgridError extends Error {
  override readonly name: EcgridErrorName = "EcgridError";
  /** The request this error is about, when there was one. */
  readonly request: RequestSummary | undefined;
  /** Set on the error of a create that failed ambiguously and whose lookup settled nothing. */
  recovery?: CreateRecovery;
  declare readonly [brand]: true;

  constructor(message: string, options: { cause?: unknown; request?: RequestSummary | undefined } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.request = options.request;
    Object.defineProperty(this, brand, { value: true });
  }
}

/** The server answered, but not with success: HTTP >= 400, or `success: false`, or a body that is not the envelope. */
export class EcgridApiError extends EcgridError {
  override readonly name = "EcgridApiError" as const;
  /** The HTTP status of the answer (200 when the envelope said `success: false`). */
  readonly status: number;
  /** The envelope's `errorCode`, or `undefined` when the body carried none (an HTML page, an empty body). */
  readonly errorCode: Open<ErrorCode> | undefined;
  /** The wait the `Retry-After` header asked for, in milliseconds, when it came and could be read. */
  readonly retryAfterMs: number | undefined;
  /** The parsed JSON body, or its text cut to a few KB when it was not JSON. */
  readonly body: unknown;
  /** The response headers, with credential and cookie headers redacted. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    message: string,
    fields: { status: number; errorCode: string | undefined; retryAfterMs: number | undefined; body: unknown; headers?: Record<string, string>; request?: RequestSummary | undefined },
  ) {
    super(message, { request: fields.request });
    this.status = fields.status;
    this.errorCode = fields.errorCode;
    this.retryAfterMs = fields.retryAfterMs;
    this.body = fields.body;
    this.headers = fields.headers ?? {};
  }
}

/** One broken rule of a request, found before anything was sent. */
export interface ValidationIssue {
  /** The field, e.g. `password` or `pageNo`; empty for the body as a whole. */
  path: string;
  /** What is wrong, naming the field and the rule. Never contains the field's value. */
  message: string;
}

/** The input breaks a rule of the spec; nothing was sent. */
export class EcgridValidationError extends EcgridError {
  override readonly name = "EcgridValidationError" as const;
  /** Every broken rule, one entry each. */
  readonly issues: readonly ValidationIssue[];

  constructor(operation: string, issues: readonly ValidationIssue[]) {
    super(`Invalid ${operation} request: ${issues.map((i) => i.message).join("; ")}`);
    this.issues = issues;
  }
}

/** No complete answer came within `timeoutMs` (headers and body). */
export class EcgridTimeoutError extends EcgridError {
  override readonly name = "EcgridTimeoutError" as const;
  /** The time limit of the attempt that ran out. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, request?: RequestSummary) {
    super(`No answer within ${timeoutMs} ms${request ? ` from ${request.method} ${request.url}` : ""}`, { request });
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed or dropped before a complete answer; `cause` holds the transport's error. */
export class EcgridNetworkError extends EcgridError {
  override readonly name = "EcgridNetworkError" as const;

  constructor(cause: unknown, request?: RequestSummary) {
    super(`Network error${request ? ` on ${request.method} ${request.url}` : ""}: ${describeCause(cause)}`, { cause, request });
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED...) one level down.
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
  return `${cause.message}${inner}`;
}

/** Whether `value` is any error thrown by this package. */
export function isEcgridError(value: unknown): value is EcgridError {
  return typeof value === "object" && value !== null && (value as { [brand]?: unknown })[brand] === true;
}

/** Whether `value` is an {@link EcgridApiError}. */
export function isEcgridApiError(value: unknown): value is EcgridApiError {
  return isEcgridError(value) && value.name === "EcgridApiError";
}

/** Whether `value` is an {@link EcgridValidationError}. */
export function isEcgridValidationError(value: unknown): value is EcgridValidationError {
  return isEcgridError(value) && value.name === "EcgridValidationError";
}
