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

/** How deep an error body is kept; deeper parts are replaced, so a hostile body cannot exhaust the stack. */
export const MAX_BODY_DEPTH = 64;
/** What stands in for the parts of a body nested deeper than {@link MAX_BODY_DEPTH}. */
export const TOO_DEEP = "[nested too deeply]";

/**
 * Replaces every occurrence of each secret in a string, or in the strings of a parsed JSON
 * value, because a server may echo what it was sent ("the key abc123 is not valid").
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((s) => s.length > 0);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return active.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    if (v === null || typeof v !== "object") return v;
    if (depth >= MAX_BODY_DEPTH) return TOO_DEEP;
    if (Array.isArray(v)) return v.map((inner) => walk(inner, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, inner]) => [walk(k, depth), walk(inner, depth + 1)]));
  };
  return walk(value, 0) as T;
}
