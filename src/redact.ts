import { waitFor } from "./wait-for.js";
import type { WireHeaders } from "./transport.js";

/** What stands in for a secret wherever one would have appeared. */
export const REDACTED = "[REDACTED]";

/** How deep an error body is kept; deeper parts are replaced, so a hostile body cannot exhaust the stack. */
export const MAX_BODY_DEPTH = 64;
/** What stands in for the parts of a body nested deeper than {@link MAX_BODY_DEPTH}. */
export const TOO_DEEP = "[nested too deeply]";

/**
 * Removes secrets from everything that may reach an error. Each error of the client passes
 * through one of these, built for the call with every secret the call holds: the API key, a
 * password it sends, a secret it receives. None of its methods throws.
 */
export interface Redactor {
  /**
   * `text` with every secret replaced, in any of the encodings a server may echo it in, once
   * {@link loadRedaction} has completed (the client awaits it before building any error); before,
   * in its whole forms only.
   */
  text(text: string): string;
  /**
   * A parsed JSON value with every string (keys too) redacted, cut at {@link MAX_BODY_DEPTH}.
   * Needs {@link loadRedaction}: before it completes, {@link REDACTED} in its place.
   */
  value<T>(value: T): T;
  /** Whether `text` holds any secret in any of its forms: a quick test before redacting much. */
  mentions(text: string): boolean;
  /**
   * Headers as a plain object: credential headers replaced, every other name and value redacted.
   * Needs {@link loadRedaction}: before it completes, no headers.
   */
  headers(headers: WireHeaders): Record<string, string>;
  /** `text` redacted, then cut to `limit` characters: in that order, so no secret survives in part. */
  cut(text: string, limit: number): string;
  /**
   * A copy of a thrown value that is safe to keep as an error's `cause`: an `Error` with the
   * same name, message, stack, code and causes, each redacted; anything else as redacted text.
   * Needs {@link loadRedaction}: before it completes, an `Error` that says nothing.
   */
  cause(thrown: unknown): unknown;
}

/**
 * The longest secret matched in any mix of encodings, character by character. Matching time
 * grows with a secret's length where the echo repeats its start, so longer secrets (no real key
 * or password is) are matched in their {@link encodedForms} and by {@link PARTIAL_LENGTH} runs.
 */
const MIXED_LIMIT = 64;
/** Any run of this many characters of a longer secret is redacted: a server echoing most of a key leaks it. */
const PARTIAL_LENGTH = 12;
/**
 * Secrets shorter than this (a test's key `"x"` or `"any"`) are replaced only where they stand
 * alone, not inside longer words: replacing every `e` would wreck the answer, and the envelope
 * read from it, while hiding nothing.
 */
const MIN_ANYWHERE = 8;
/** The longest secret whose runs are kept, one string each. */
const PARTIAL_LIMIT = 4096;

/** A text's UTF-8 bytes, one character each: what a Latin-1 reading shows. Byte by byte, so a long text cannot overflow the stack. */
const utf8Chars = (text: string) => {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
};

type Mixed = typeof import("./redact-mixed.js");
let mixedModule: Mixed | undefined;
let loading: Promise<void> | undefined;
/** Set when the patterns' chunk failed to load or stalled: texts are then hidden whole. */
let unavailable = false;

/**
 * How long an error waits for the patterns' chunk. In a browser it comes over the network and
 * may stall; the error is then built without it, hiding whole every text that could hold a secret.
 */
const LOAD_WAIT_MS = 10_000;

/**
 * Loads the character-by-character patterns, which only an error needs: the client awaits this
 * before it builds an error from an answer, so a program whose calls succeed never loads them.
 * Until then a redactor matches each secret's whole forms only.
 *
 * Settles within {@link LOAD_WAIT_MS}; once a wait has run out, or the chunk failed to load, later
 * errors do not wait again (a failed chunk is asked for again, and used once it arrives). Rejects
 * only once `signal` aborts, with its reason (see `waitFor`), so that a call stops at once.
 */
export async function loadRedaction(signal?: AbortSignal): Promise<void> {
  if (mixedModule) return;
  loading ??= import("./redact-mixed.js").then(
    (m) => {
      mixedModule = m;
      unavailable = false;
    },
    () => {
      unavailable = true;
      loading = undefined;
    },
  );
  if (unavailable) return;
  const waited = await waitFor(loading, { signal, timeoutMs: LOAD_WAIT_MS });
  if (!waited.arrived) unavailable = true;
}

/** Whether {@link loadRedaction} has completed. */
export const redactionLoaded = (): boolean => mixedModule !== undefined;

/**
 * The forms of a whole secret, matched as plain strings: as it is,
 * JSON-escaped, percent-encoded, HTML-escaped, and base64 (standard, unpadded, URL-safe), which no
 * character-by-character pattern can match. A form an encoder refuses (a lone surrogate) is left out.
 */
export function encodedForms(secret: string): string[] {
  let percent = secret;
  try {
    percent = encodeURIComponent(secret);
  } catch {
    // A lone surrogate: there is no percent-encoded form to look for.
  }
  const base64 = btoa(utf8Chars(secret));
  return [
    ...new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      percent,
      secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"),
      base64,
      base64.replace(/=+$/, ""),
      base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
    ]),
  ];
}

/**
 * Builds the redactor of a call. Its patterns are worked out on first use: most calls succeed
 * and never need them.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const active = [...new Set(secrets.filter((s) => typeof s === "string" && s.length > 0))];
  /** No text shorter than this can hold a secret or a run of one. */
  const shortest = Math.min(PARTIAL_LENGTH, ...active.map((s) => s.length));
  let built: { forms: string[]; tiny: RegExp | undefined; mixed: RegExp | undefined; runs: ((text: string) => string) | undefined; margin: number; full: boolean } | undefined;
  const patterns = () => {
    const m = mixedModule;
    // Built again once the character patterns have loaded.
    if (built && built.full === (m !== undefined)) return built;
    const anywhere = active.filter((s) => s.length >= MIN_ANYWHERE);
    const alone = [...new Set(active.filter((s) => s.length < MIN_ANYWHERE).flatMap(encodedForms))].map((f) => f.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"));
    const tiny = alone.length > 0 ? new RegExp(`(?<![A-Za-z0-9])(?:${alone.join("|")})(?![A-Za-z0-9])`, "gi") : undefined;
    const forms = [...new Set(anywhere.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
    const lazy = m?.compile(
      anywhere.filter((s) => s.length <= MIXED_LIMIT),
      anywhere.filter((s) => s.length <= PARTIAL_LIMIT),
      PARTIAL_LENGTH,
      REDACTED,
    );
    const margin = Math.max(0, ...forms.map((f) => f.length), lazy?.margin ?? 0);
    return (built = { forms, tiny, mixed: lazy?.mixed, runs: lazy?.runs, margin, full: m !== undefined });
  };

  const text = (value: string): string => {
    if (active.length === 0) return value;
    try {
      let out = String(value);
      if (out.length < shortest) return out;
      const { forms, tiny, mixed, runs } = patterns();
      if (tiny) out = out.replace(tiny, REDACTED);
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
      // Without the patterns, a secret in a mixed encoding or in part would pass: show nothing.
      if (unavailable && !mixedModule) return REDACTED;
      if (mixed) out = out.replace(mixed, REDACTED);
      return runs && out.length >= PARTIAL_LENGTH ? runs(out) : out;
    } catch {
      // Whatever went wrong, nothing of the text is shown rather than a secret.
      return REDACTED;
    }
  };

  // Only errors (and the command line, which loads the module first) use these: until the module
  // has loaded, nothing of a body or a header is kept rather than something unredacted.
  return {
    text,
    value: (input) => (mixedModule ? mixedModule.redactValue(input, text, MAX_BODY_DEPTH, TOO_DEEP) : (REDACTED as typeof input)),
    mentions: (input) => active.length > 0 && input !== "" && text(input) !== input,
    headers: (headers) => mixedModule?.redactHeaders(headers, text, REDACTED) ?? {},
    cause(thrown) {
      // Built by the module that only errors load; until it has loaded, nothing of the error is kept.
      return mixedModule ? mixedModule.copyCause(thrown, text) : new Error(REDACTED);
    },
    cut(input, limit) {
      if (input.length <= limit) return text(input);
      // Redact more than is kept, so a secret straddling the cut is replaced whole.
      const redacted = text(input.slice(0, limit + patterns().margin));
      return `${redacted.slice(0, limit)}…`;
    },
  };
}
