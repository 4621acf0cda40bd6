/** The fake's request log: the latest requests, with every secret replaced. */
import { operations, type OperationId } from "../../generated/operations.js";
import { REDACTED } from "../redact.js";
import type { LoggedRequest } from "./types.js";

/** Fields that hold a secret wherever they appear, beside each operation's `format: password` fields. */
const ALWAYS_SECRET = new Set(["password", "newPassword", "apiKey"]);
const MAX_DEPTH = 16;

/**
 * A redacted copy of a request body: the operation's secret fields, any field named like a
 * password or key, any string that is a secret the fake knows (a user's API key, a password it
 * holds or generated), and any string that holds the request's own credential or password become
 * `[REDACTED]`.
 */
export function redactBody(body: unknown, operationId: OperationId | undefined, isSecret: (text: string) => boolean, credential: string | undefined): unknown {
  const fields = new Set<string>([...ALWAYS_SECRET, ...(operationId === undefined ? [] : operations[operationId].secretFields)]);
  const own = [credential, ...(typeof body === "object" && body !== null ? [...fields].map((f) => (body as Record<string, unknown>)[f]) : [])].filter((v): v is string => typeof v === "string" && v !== "");
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return isSecret(value) || own.some((secret) => value.includes(secret)) ? REDACTED : value;
    if (typeof value !== "object" || value === null) return value;
    if (depth >= MAX_DEPTH) return "[nested too deeply]";
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fields.has(k) ? REDACTED : walk(v, depth + 1)]));
  };
  return walk(body, 0);
}

/** The latest `limit` requests. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  constructor(
    private readonly limit: number,
    private readonly listener: ((entry: LoggedRequest) => void) | undefined,
  ) {
    if (!Number.isInteger(limit) || limit < 0) throw new TypeError(`createFakeEcgrid: maxLoggedRequests must be a whole number, 0 or more, not ${String(limit)}.`);
  }

  add(entry: LoggedRequest): void {
    try {
      this.listener?.(entry);
    } catch {
      // A printing callback must not change what the fake answers.
    }
    if (this.limit === 0) return;
    this.entries.push(entry);
    // Trimmed in halves, so that a long run pays a constant cost per request.
    if (this.entries.length >= 2 * this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  /** The latest `limit` entries, as a copy, so a test's later requests do not change what it holds. */
  list(): readonly LoggedRequest[] {
    return this.entries.slice(-this.limit);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
