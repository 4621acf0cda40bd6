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
  /** Whether `text` holds any secret in any of its forms: a quick test before redacting much. */
  mentions(text: string): boolean;
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
 * The forms a server may echo a secret in: as it is, or in lower or upper case; JSON-escaped the
 * standard way, the .NET way (`\u0022`, `\u003C`: System.Text.Json escapes HTML-sensitive
 * characters) and the ASCII-only way (`\u00e9`, as Python writes it); HTML-escaped with named or
 * numeric references; percent-encoded (JavaScript's way and RFC 3986's, in either case) or
 * form-encoded; base64 (standard and URL-safe); and a JSON-escaped secret echoed into an HTML page
 * or a URL. Plain strings, so redacting costs a few searches, never a regular expression.
 */
export function encodedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const percent = encodeURIComponent(secret);
  // RFC 3986 encoders (.NET's Uri.EscapeDataString, Python's quote) also encode !'()*.
  const strict = percent.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  // Byte by byte: spreading a long secret's bytes into one call would overflow the stack.
  const utf8 = utf8Chars(secret);
  const base64 = btoa(utf8);
  const forms = [
    secret,
    // A server may normalise the case of a key (header names always are).
    secret.toLowerCase(),
    secret.toUpperCase(),
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
    strict,
    strict.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    base64,
    base64.replace(/=+$/, ""),
    base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
    htmlNamed(json, "&#39;"),
    encodeURIComponent(json),
  ];
  return [...new Set(forms)];
}

/** Escapes a string for use inside a regular expression. */
const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
/** A group that, once it matches, is not re-tried shorter: a lookahead and a back-reference. */
const atomic = (alternatives: string[], next: () => number) => {
  const n = next();
  return `(?=(${alternatives.join("|")}))\\${n}`;
};
/** A character's UTF-8 bytes, one string character each: as a Latin-1 reading shows them. */
const utf8Chars = (text: string) => {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
};
const NAMED: Record<string, string> = { "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" };
const JSON_SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/**
 * The ways one character may stand in an echoed text, as regular expression sources (matched
 * ignoring case, so hex digits and a lower-cased key match too): as it is; as an HTML reference,
 * named, decimal or hex, with or without leading zeros; its UTF-8 bytes percent-encoded once or
 * twice, or read as Latin-1 (a header or status line); and as `+` for a space.
 */
function characterForms(c: string): string[] {
  const cp = c.codePointAt(0) ?? 0;
  const bytes = utf8Chars(c);
  const forms = [escapeRegex(c), `&#0*${cp};`, `&#x0*${hex(cp, 1)};`];
  const named = NAMED[c];
  if (named) forms.push(`&${named};`);
  if (!/^[A-Za-z0-9]$/.test(c)) {
    forms.push([...bytes].map((b) => `%${hex(b.charCodeAt(0), 2)}`).join(""), [...bytes].map((b) => `%25${hex(b.charCodeAt(0), 2)}`).join(""));
  }
  if (cp > 0x7f) forms.push(escapeRegex(bytes));
  if (c === " ") forms.push("\\+");
  // Longest first: the atomic group keeps the first that matches.
  return forms.sort((a, b) => b.length - a.length);
}

/** The JSON escapes of a character: `\uXXXX` (per UTF-16 unit) and the short ones (`\"`, `\/`). */
function jsonEscapes(c: string): string[] {
  const units = [...Array(c.length).keys()].map((i) => `\\u${hex(c.charCodeAt(i), 4)}`).join("");
  const short = JSON_SHORT[c];
  return short === undefined ? [units] : [units, short];
}

/** Past this length a secret is matched only whole, in its {@link encodedForms}: its pattern would be too large. */
const PATTERN_LIMIT = 1024;
/** Any run of this many characters of a longer secret is redacted: a server echoing most of a key leaks it. */
export const PARTIAL_LENGTH = 12;

/**
 * One pattern for a secret in any mix of encodings, character by character: each character in
 * any of its {@link characterForms}, or JSON-escaped with each character of the escape in any of
 * its forms (a JSON body echoed into a page or a URL).
 */
function secretPattern(secret: string, next: () => number): string {
  return [...secret]
    .map((c) => {
      const escaped = /^[A-Za-z0-9]$/.test(c)
        ? [escapeRegex(`\\u${hex(c.charCodeAt(0), 4)}`)]
        : jsonEscapes(c).map((e) => [...e].map((ch) => `(?:${characterForms(ch).join("|")})`).join(""));
      return atomic([...escaped, ...characterForms(c)], next);
    })
    .join("");
}

/**
 * Builds the redactor of a call. Its patterns are worked out on first use: most calls succeed
 * and never need them.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const active = [...new Set(secrets.filter((s) => typeof s === "string" && s.length > 0))];
  let built: { forms: string[]; mixed: RegExp | undefined; partial: RegExp | undefined; longest: number } | undefined;
  const patterns = () => {
    if (built) return built;
    let group = 0;
    const next = () => ++group;
    // Whole forms, longest first, as plain strings: base64 has no per-character form, and a
    // secret too long for a pattern is still found whole.
    const forms = [...new Set(active.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
    const short = active.filter((s) => s.length <= PATTERN_LIMIT);
    const grams = new Set<string>();
    for (const s of short) {
      if (s.length <= PARTIAL_LENGTH) continue;
      for (let i = 0; i + PARTIAL_LENGTH <= s.length; i++) grams.add(escapeRegex(s.slice(i, i + PARTIAL_LENGTH)));
    }
    built = {
      forms,
      mixed: short.length > 0 ? new RegExp(short.map((s) => secretPattern(s, next)).join("|"), "gi") : undefined,
      partial: grams.size > 0 ? new RegExp(`(?=(?:${[...grams].join("|")}))`, "gi") : undefined,
      // The longest text one match can take: a character's longest form is under 40 characters.
      longest: Math.max(0, ...forms.map((f) => f.length), ...short.map((s) => s.length * 40)),
    };
    return built;
  };

  /** Replaces every run of text covered by some {@link PARTIAL_LENGTH} characters of a secret. */
  const partials = (value: string, partial: RegExp): string => {
    const spans: [number, number][] = [];
    for (const m of value.matchAll(partial)) {
      const start = m.index ?? 0;
      const last = spans[spans.length - 1];
      if (last && start <= last[1]) last[1] = start + PARTIAL_LENGTH;
      else spans.push([start, start + PARTIAL_LENGTH]);
    }
    if (spans.length === 0) return value;
    let out = "";
    let from = 0;
    for (const [start, end] of spans) {
      out += `${value.slice(from, start)}${REDACTED}`;
      from = end;
    }
    return out + value.slice(from);
  };

  const text = (value: string): string => {
    if (active.length === 0 || value === "") return value;
    const { forms, mixed, partial } = patterns();
    let out = value;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    if (mixed) out = out.replace(mixed, REDACTED);
    return partial ? partials(out, partial) : out;
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
    mentions: (input) => active.length > 0 && input !== "" && text(input) !== input,
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
      const margin = patterns().longest;
      const redacted = text(input.slice(0, limit + margin));
      return `${redacted.slice(0, limit)}…`;
    },
  };
}
