import type { OperationId } from "../../generated/operations.js";
import type { CreateUserAuthLevel, User } from "../types.js";

/**
 * The owner of the API key the fake is called with: its network, mailbox and AuthLevel decide
 * what it may see and do. `NoChange` is not a level, so a caller cannot hold it.
 */
export interface FakeCaller {
  /** The caller's network: the default network of Create User, and the limit of what it may see unless its level is system-wide. */
  networkId: number;
  /** The caller's mailbox: the default mailbox of Create User, and the limit of what a mailbox-level caller may see. */
  mailboxId: number;
  /** The caller's level: it may grant levels at or below it, never above. */
  authLevel: CreateUserAuthLevel;
  /**
   * The caller's userId. When one of `users` has it, that user is the caller, seen by every
   * operation (and changed by them: a caller that lowers its own level has less power afterwards).
   * Otherwise the caller is not one of the fake's users: Get Me describes it, and nothing else meets it.
   * @default 0
   */
  userId?: number;
  /** The caller's login, shown by Get Me when it is not one of the fake's users. @default "api-caller" */
  login?: string;
}

/**
 * A user to start with: a `User` as the API returns it, every field but `login` optional, plus two
 * fields of the fake's own. Missing fields get Create User's defaults: the next userId, the caller's
 * network and mailbox, `MailboxUser`, `Active`, `created` now, `<login>@example.com`, no names.
 */
export type FakeUserSeed = Partial<User> & {
  login: string;
  /** The user's API key: a request carrying it acts as this user. @default a new random key */
  apiKey?: string;
  /** The user's password, for {@link FakeEcgrid.checkPassword}. @default none */
  password?: string;
};

/**
 * What the next request to an operation meets instead of (or besides) its normal answer:
 * - `{ status }`: that HTTP status, in the error envelope, before anything else is checked;
 *   `errorCode` and `message` default to the ones the docs give for the status, and `retryAfter`
 *   (seconds) is sent as a `Retry-After` header, which a 429 always carries (0 seconds by default);
 * - `"reset"`: the connection drops before the request is applied;
 * - `"reset-after-apply"`: the request is applied (the user is created…), then the connection
 *   drops before the answer: the case a safe create must recover from;
 * - `"stall"`: no answer ever comes; the request is not applied. The caller's abort (or its
 *   timeout) ends it, and over HTTP so does `close()`.
 * Over HTTP a dropped connection is a destroyed socket; through `fake.fetch` it is the TypeError
 * fetch rejects with when a connection drops.
 */
export type Fault =
  | { status: number; retryAfter?: number | undefined; errorCode?: string | undefined; message?: string | undefined }
  | "reset"
  | "reset-after-apply"
  | "stall";

/** A limit on requests per credential (API key or Bearer token) in a fixed window of the fake's clock. */
export interface RateLimit {
  /** Requests allowed per window; the next one gets 429 `RateLimitExceeded`. */
  requests: number;
  /** The window's length in milliseconds. `Retry-After` says, in whole seconds, when it ends. @default 1000 */
  perMs?: number;
}

/** Options of {@link createFakeEcgrid}. Every one is optional. */
export interface FakeEcgridOptions {
  /** The users to start with; `reset()` returns to them. @default [] */
  users?: readonly FakeUserSeed[] | undefined;
  /** The key's owner. @default { networkId: 1, mailboxId: 101, authLevel: "NetworkAdmin" } */
  caller?: Partial<FakeCaller> | undefined;
  /**
   * The API keys the fake accepts for the caller. When given, any other key (save a user's own,
   * see {@link FakeUserSeed.apiKey}) gets 401 `InvalidAPIKey`; when not, any non-empty key that is
   * no user's stands for the caller, as with the Prism mock. Rotating the caller's key (Generate API
   * Key on itself) revokes these. @default undefined
   */
  apiKeys?: readonly string[] | undefined;
  /** Answer 429 with `Retry-After` past this rate. @default no limit */
  rateLimit?: RateLimit | undefined;
  /** The fake's clock, in milliseconds since the epoch: `created` of new users, the request log and rate-limit windows. @default () => Date.now() */
  clock?: (() => number) | undefined;
  /** List Users' cap on `recordsPerPage`, which ECGrid says "varies by server config": a page then holds fewer users than asked without being the last. @default no cap */
  maxRecordsPerPage?: number | undefined;
  /** The userId of the next user created. @default one more than the highest userId seeded, and at least 1001 */
  nextUserId?: number | undefined;
  /** How many requests {@link FakeEcgrid.requests} keeps, the latest. @default 10000 */
  maxLoggedRequests?: number | undefined;
  /** Called with each request's log entry (no secrets in it) as soon as it is answered, e.g. to print it. What it throws is ignored. @default undefined */
  onRequest?: ((entry: LoggedRequest) => void) | undefined;
}

/** One request as the fake saw it, with every secret replaced by `[REDACTED]`. */
export interface LoggedRequest {
  /** When it arrived, by the fake's clock (ISO 8601). */
  at: string;
  method: string;
  /** The path, e.g. `/v2/users/1042`. */
  path: string;
  /** The operation it reached, or undefined for a path the spec does not have. */
  operationId: OperationId | undefined;
  /** How it authenticated: the key itself is never kept. */
  credential: "api-key" | "bearer" | "none";
  /** The parsed JSON body, redacted (passwords, keys); undefined when there was none. */
  body: unknown;
  /** The HTTP status answered; undefined when the connection dropped or stalled. Under `reset-after-apply`, the status of the answer the drop swallowed. */
  status: number | undefined;
  /** The answer's errorCode, when it was an error. */
  errorCode: string | undefined;
  /** The fault injected into this request, if any. */
  fault: Fault | undefined;
}

/** An SMS that Send SMS accepted. */
export interface SentSms {
  userId: number;
  message: string;
  /** When, by the fake's clock (ISO 8601). */
  at: string;
}

/** Where {@link FakeEcgrid.listen} serves. */
export interface ListenOptions {
  /** The port; 0 picks a free one. A port in use rejects the promise with the `EADDRINUSE` error. @default 0 */
  port?: number | undefined;
  /** The interface. @default "127.0.0.1" */
  host?: string | undefined;
}

/** A fake served over HTTP. */
export interface FakeServer {
  /** Its base URL, e.g. `http://127.0.0.1:4010`: pass it as the client's `baseUrl`. */
  readonly url: string;
  /** Stops listening and drops every open connection (stalled ones too). */
  close(): Promise<void>;
}

/** A stateful fake of the ECGrid users API. See {@link createFakeEcgrid}. */
export interface FakeEcgrid {
  /**
   * Answers a request in-process, opening no socket: pass it as the client's `fetch`. Works
   * unbound, and takes what global fetch takes (a Request, or a URL and init).
   */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** Serves the fake over HTTP (Node only). Several servers share the fake's state. */
  listen(options?: ListenOptions): Promise<FakeServer>;
  /**
   * Makes the next `times` requests to `operationId` meet `fault`. Faults queue: each call adds
   * to those still pending for the operation, served in order.
   */
  failNext(operationId: OperationId, fault: Fault, times?: number): void;
  /** The users stored now, by userId: copies, so changing them changes nothing. */
  readonly users: User[];
  /** The latest requests, oldest first, without secrets. */
  readonly requests: readonly LoggedRequest[];
  /** The SMS messages Send SMS accepted, oldest first. */
  readonly sms: readonly SentSms[];
  /** A user's current API key, or undefined for an unknown or terminated user. */
  apiKeyOf(userId: number): string | undefined;
  /** The configuration fields Update Config stored for a user (a copy); undefined for an unknown user. */
  configOf(userId: number): Record<string, unknown> | undefined;
  /** Whether `password` is a user's current password (seeded, created or updated). */
  checkPassword(userId: number, password: string): boolean;
  /** Back to the seeded users and caller, with no pending fault, no logged request, no SMS and fresh rate-limit windows. */
  reset(): void;
}
