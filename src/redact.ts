import type { WireHeaders } from "./transport.js";

/** What stands in for a secret wherever one would have appeared. */
export const REDACTED = "[REDACTED]";

/** Headers that carry credentials; their values never reach an error or a log. */
const secretHeaders = new Set(["x-api-key", "authorization", "cookie", "set-cookie", "proxy-authorization"]);

/** How deep an error body is kept; deeper parts are replaced, so a hostile body cannot exhaust the stack. */
export const MAX_BODY_DEPTH = 64;
/** What stands in for the parts of a body nested deeper than {@link MAX_BODY_DEPTH}. */
export const TOO_DEEP = "[nested too deeply]";

/**
 * Removes secrets from everything that may reach an error. Each error of the client passes
 * through one of these, built for the call with every secret the call holds: the API key, a
 * password it sends, a secret it receives.
 */
export interface Redactor {
  /** `text` with every secret replaced, in any of the encodings a server may echo it in. */
  text(text: string): string;
  /** A parsed JSON value with every string (keys too) redacted, cut at {@link MAX_BODY_DEPTH}. */
  value<T>(value: T): T;
  /** Headers as a plain object: credential headers replaced, every other name and value redacted. */
  headers(headers: WireHeaders): Record<string, string>;
  /** `text` redacted, then cut to `limit` characters: in that order, so no secret survives in part. */
  cut(text: string, limit: number): string;
  /**
   * A copy of a thrown value that is safe to keep as an error's `cause`: an `Error` with the
   * same name, message, stack, code and causes, each redacted; anything else as redacted text.
   */
  cause(thrown: unknown): unknown;
}

/** Every character as a `\uXXXX` escape, for the serialisers that escape more than JSON needs. */
const unicodeEscape = (char: string, upper: boolean) =>
  // Above the BMP, JSON writes the two UTF-16 halves.
  char
    .split("")
    .map((unit) => {
      const hex = unit.charCodeAt(0).toString(16).padStart(4, "0");
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    })
    .join("");
const escapeEach = (text: string, pick: (char: string) => boolean, as: (char: string) => string) => [...text].map((c) => (pick(c) ? as(c) : c)).join("");
const htmlNamed = (text: string, apostrophe: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, apostrophe);
const nonAlphanumeric = (c: string) => !/^[A-Za-z0-9]$/.test(c);

/**
 * The forms a server may echo a secret in: as it is; JSON-escaped the standard way, the .NET way
 * (`\u0022`, `\u003C`: System.Text.Json escapes HTML-sensitive characters) and the ASCII-only
 * way (`\u00e9`, as Python writes it); HTML-escaped with named or numeric references;
 * percent-encoded in either case, or form-encoded; and a JSON-escaped secret echoed into an HTML
 * page or a URL. Plain strings, so redacting costs a few searches, never a regular expression.
 */
export function encodedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const percent = encodeURIComponent(secret);
  const forms = [
    secret,
    json,
    escapeEach(json, (c) => /[<>&'"+`]/.test(c) || c.charCodeAt(0) > 0x7e, (c) => unicodeEscape(c, true)).replace(/\\\\u0022/g, "\\u0022"),
    escapeEach(secret, (c) => c.charCodeAt(0) > 0x7e, (c) => unicodeEscape(c, false)),
    escapeEach(secret, (c) => c.charCodeAt(0) > 0x7e, (c) => unicodeEscape(c, true)),
    htmlNamed(secret, "&#39;"),
    htmlNamed(secret, "&#x27;"),
    htmlNamed(secret, "&apos;"),
    escapeEach(secret, nonAlphanumeric, (c) => `&#${c.codePointAt(0)};`),
    escapeEach(secret, nonAlphanumeric, (c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    percent.replace(/%20/g, "+"),
    htmlNamed(json, "&#39;"),
    encodeURIComponent(json),
  ];
  return [...new Set(forms)];
}

/**
 * Builds the redactor of a call. The pattern is compiled on first use: most calls succeed and
 * never need it.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const active = [...new Set(secrets.filter((s) => typeof s === "string" && s.length > 0))];
  let forms: string[] | undefined;
  const all = () =>
    // Longest first, so a form that contains another is replaced whole.
    (forms ??= [...new Set(active.flatMap(encodedForms))].sort((a, b) => b.length - a.length));

  const text = (value: string): string => {
    if (active.length === 0 || value === "") return value;
    let out = value;
    for (const form of all()) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };

  const value = <T>(input: T): T => {
    const walk = (v: unknown, depth: number): unknown => {
      if (typeof v === "string") return text(v);
      if (v === null || typeof v !== "object") return v;
      if (depth >= MAX_BODY_DEPTH) return TOO_DEEP;
      if (Array.isArray(v)) return v.map((inner) => walk(inner, depth + 1));
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [text(k), walk(inner, depth + 1)]));
    };
    return walk(input, 0) as T;
  };

  return {
    text,
    value,
    headers(headers) {
      const out: Record<string, string> = {};
      headers.forEach((v, name) => {
        out[text(name)] = secretHeaders.has(name.toLowerCase()) ? REDACTED : text(v);
      });
      return out;
    },
    cause(thrown) {
      const copy = (v: unknown, depth: number): unknown => {
        if (!(v instanceof Error)) return v === undefined ? undefined : text(String(v));
        const inner = depth < 4 && v.cause !== undefined ? { cause: copy(v.cause, depth + 1) } : undefined;
        const safe = new Error(text(v.message), inner);
        safe.name = text(v.name);
        if (v.stack !== undefined) safe.stack = text(v.stack);
        // The fields Node puts on system errors: ECONNRESET, the syscall, the address.
        for (const key of ["code", "errno", "syscall", "address", "port"] as const) {
          const field = (v as unknown as Record<string, unknown>)[key];
          if (typeof field === "string" || typeof field === "number") Object.assign(safe, { [key]: typeof field === "string" ? text(field) : field });
        }
        return safe;
      };
      return copy(thrown, 0);
    },
    cut(input, limit) {
      if (input.length <= limit) return text(input);
      // Redact a little more than is kept, so a secret straddling the cut is replaced whole.
      const margin = Math.max(0, ...all().map((f) => f.length));
      const redacted = text(input.slice(0, limit + margin));
      return `${redacted.slice(0, limit)}…`;
    },
  };
}
