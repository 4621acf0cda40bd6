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

/**
 * The regular-expression source matching one character in any form a server may echo it in.
 * First as JSON may write it: literally, with a short escape (`\"`), or as `\u0022` (.NET
 * escapes HTML-sensitive characters so). Then each character of that may itself appear
 * literally, HTML-escaped (`&quot;`, `&#34;`, `&#x22;`) or percent-encoded (`%22`, `+` for a
 * space): a JSON body echoed into an HTML page or a URL.
 */
function charForms(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const literal = (text: string) => [...text].map(outerForms).join("");
  // JSON's \uXXXX (a surrogate pair above the BMP), with hex digits in either case.
  const units = code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code];
  const json = [outerForms(char), units.map((u) => `${literal("\\u")}${hexDigits(u.toString(16).padStart(4, "0"))}`).join("")];
  const short: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  if (short[char]) json.push(literal(short[char]));
  return `(?:${json.join("|")})`;
}

/** One character literally, HTML-escaped or percent-encoded, as a pattern. */
function outerForms(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const forms = new Set<string>([char.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")]);
  forms.add(`&#0*${code};`);
  forms.add(`&#[xX]0*${hexDigits(code.toString(16))};`);
  const named: Record<string, string> = { '"': "&quot;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;" };
  if (named[char]) forms.add(named[char]);
  forms.add([...new TextEncoder().encode(char)].map((b) => `%${hexDigits(b.toString(16).padStart(2, "0"))}`).join(""));
  if (char === " ") forms.add("\\+");
  return `(?:${[...forms].join("|")})`;
}

/** A hex number as a pattern that matches it in upper or lower case. */
function hexDigits(hex: string): string {
  return [...hex].map((d) => (/[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d)).join("");
}

/**
 * Builds the redactor of a call. The pattern is compiled on first use: most calls succeed and
 * never need it.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const active = [...new Set(secrets.filter((s) => typeof s === "string" && s.length > 0))];
  let pattern: RegExp | null | undefined;
  // The longest form a secret takes once encoded: per UTF-8 byte, `&#92;&#117;00e9` at worst.
  const margin = Math.max(0, ...active.map((s) => new TextEncoder().encode(s).length * 24));

  const text = (value: string): string => {
    if (active.length === 0 || value === "") return value;
    // Longest first, so a secret that contains another is replaced whole.
    pattern ??= new RegExp(active.sort((a, b) => b.length - a.length).map((s) => [...s].map(charForms).join("")).join("|"), "g");
    return value.replace(pattern, REDACTED);
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
      const redacted = text(input.slice(0, limit + margin));
      return `${redacted.slice(0, limit)}…`;
    },
  };
}
