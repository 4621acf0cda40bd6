import type { WireHeaders } from "./transport.js";

/** What stands in for a secret wherever one would have appeared. */
export const REDACTED = "[REDACTED]";

/** Headers that carry credentials; their values never reach an error or a log. */
const secretHeaders = new Set(["x-api-key", "authorization", "cookie", "set-cookie", "proxy-authorization"]);

/** A copy of `headers` as a plain object, with credential headers redacted. */
export function redactHeaders(headers: WireHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = secretHeaders.has(name.toLowerCase()) ? REDACTED : value;
  });
  return out;
}

/**
 * Replaces every occurrence of each secret in a string, or in the strings of a parsed JSON
 * value, because a server may echo what it was sent ("the key abc123 is not valid").
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((s) => s.length > 0);
  if (active.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return active.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, inner]) => [walk(k), walk(inner)]));
    return v;
  };
  return walk(value) as T;
}
