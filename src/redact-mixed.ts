/**
 * The character-by-character patterns of the redactor (see `createRedactor` in redact.ts): a
 * module of its own, loaded the first time an error is built, so a program whose calls succeed
 * never loads it. Self-contained: importing anything of the client would pull a shared chunk
 * into every program's import.
 */

/**
 * How often a prefix of a secret may repeat its own period (`!!!!`, `abab`) and still get a
 * pattern. The engine tries the pattern at every position, and on an echo that repeats such a
 * prefix it gets that far each time: the cost grows with the repetitions. A secret past this is
 * matched in its whole forms and by its runs only.
 */
const MAX_REPETITION = 4;

/** The most times any prefix of `chars` repeats its shortest period (a KMP failure table). */
function selfRepetition(chars: readonly string[]): number {
  const fail = [0];
  let worst = 1;
  for (let i = 1, k = 0; i < chars.length; i++) {
    while (k > 0 && chars[i] !== chars[k]) k = fail[k - 1] ?? 0;
    if (chars[i] === chars[k]) k++;
    fail[i] = k;
    worst = Math.max(worst, (i + 1) / (i + 1 - k));
  }
  return worst;
}

/** The longest text one character of a secret can stand as in a match: what `cut` redacts past its limit. */
export const FORM_MAX = 96;

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
/** A character's UTF-8 bytes, one string character each: what a Latin-1 reading shows. */
const utf8Chars = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
/** Windows-1252's characters for the bytes 0x80 to 0x9F, where a "Latin-1" reading by .NET or a browser differs from ISO 8859-1. */
const CP1252 = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ";
// HTML's named references for the characters a password holds: HTML5's for ASCII punctuation too.
const NAMED: Record<string, string> = {
  ...{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos", "\u00a0": "nbsp", "€": "euro", "£": "pound", ß: "szlig", ø: "oslash", æ: "aelig" },
  ...{ $: "dollar", "/": "sol", "!": "excl", "#": "num", "%": "percnt", "(": "lpar", ")": "rpar", "*": "ast", "+": "plus", ",": "comma", ".": "period" },
  ...{ ":": "colon", ";": "semi", "=": "equals", "?": "quest", "@": "commat", "[": "lsqb", "]": "rsqb", "\\": "bsol", _: "lowbar", "`": "grave", "{": "lcub", "|": "verbar", "}": "rcub", "^": "hat", "~": "tilde" },
};
const MARKS: Record<string, string> = { "\u0300": "grave", "\u0301": "acute", "\u0302": "circ", "\u0303": "tilde", "\u0308": "uml", "\u030a": "ring", "\u0327": "cedil" };
/** A character's HTML named reference, as PHP's htmlentities and Java's escapeHtml4 write them (`&auml;`). */
function entity(c: string): string | undefined {
  const [base = "", mark = "", extra] = [...c.toLowerCase().normalize("NFD")];
  return NAMED[c.toLowerCase()] ?? (extra === undefined && /^[a-z]$/.test(base) && MARKS[mark] ? base + MARKS[mark] : undefined);
}
/**
 * The backslash escapes of a character: JSON's `\uXXXX` (per UTF-16 unit); the short ones of
 * JSON, JavaScript and PHP; `\xHH` for a character below 256 (JavaScript, Python), and for each
 * UTF-8 byte (a Python bytes repr: `b'P\xc3\xa4'`).
 */
function backslashed(c: string): string[] {
  const units = [...Array(c.length).keys()].map((i) => `\\u${hex(c.charCodeAt(i), 4)}`).join("");
  const short = ({ '"': '"', "\\": "\\", "/": "/", "'": "'", "\n": "n", "\r": "r", "\t": "t", "\b": "b", "\f": "f" } as Record<string, string>)[c];
  const code = c.charCodeAt(0);
  const bytes = [...utf8Chars(c)].map((b) => `\\x${hex(b.charCodeAt(0), 2)}`).join("");
  return [units, bytes, ...(short ? [`\\${short}`] : []), ...(code < 0x100 ? [`\\x${hex(code, 2)}`] : [])];
}

/**
 * The ways one character may stand in an echoed text, as regular expression sources (matched
 * ignoring case, so hex digits and a lower-cased key match too): as it is; as an HTML reference,
 * named, decimal or hex; its UTF-8 bytes percent-encoded once or twice, or read as Latin-1 or
 * Windows-1252 (a header or status line); and `+` for a space. Longest first: the group that
 * holds them keeps the first that matches.
 */
function characterForms(c: string): string[] {
  const cp = c.codePointAt(0) ?? 0;
  const bytes = utf8Chars(c);
  const name = entity(c);
  const percent = [...bytes].map((b) => hex(b.charCodeAt(0), 2));
  const forms = [escapeRegex(c), `&#0{0,4}${cp};`, `&#x0{0,4}${hex(cp, 1)};`, ...(name ? [`&${name};`] : [])];
  forms.push(percent.map((h) => `%${h}`).join(""), percent.map((h) => `%25${h}`).join(""));
  if (cp > 0x7f) forms.push(escapeRegex(bytes), escapeRegex(bytes.replace(/[\x80-\x9f]/g, (b) => CP1252[b.charCodeAt(0) - 0x80] ?? b)));
  if (c === " ") forms.push("\\+");
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * One pattern for a secret in any mix of encodings: each character in any of its
 * {@link characterForms}, or backslash-escaped with each character of the escape in any of its
 * forms (a JSON body echoed into a page or a URL). Each character's group is atomic (a lookahead
 * and a back-reference), so a failed match is never re-tried shorter.
 */
export function secretPattern(secret: string, next: () => number): string | undefined {
  if (selfRepetition([...secret.toLowerCase()]) > MAX_REPETITION) return undefined;
  return [...secret]
    .map((c) => {
      // Inside an escape, letters and digits stand as they are: only the backslash and the
      // punctuation (`\"`) are encoded again in practice, and every form costs compile time.
      const escaped = backslashed(c).map((e) => [...e].map((ch) => (/^[a-z0-9]$/i.test(ch) ? ch : `(?:${characterForms(ch).join("|")})`)).join(""));
      return `(?=(${[...escaped, ...characterForms(c)].join("|")}))\\${next()}`;
    })
    .join("");
}


/**
 * Redacts every run of a text that `length` characters of a secret cover, in any case: a server
 * echoing most of a key leaks it. One string per run of each secret is kept, and the text is
 * scanned once, so the cost does not grow with the number of runs.
 */
export function runRedactor(secrets: readonly string[], length: number, replacement: string): ((text: string) => string) | undefined {
  const grams = new Set<string>();
  for (const s of secrets) for (let i = 0; i + length <= s.length; i++) grams.add(s.slice(i, i + length).toLowerCase());
  if (grams.size === 0) return undefined;
  return (value) => {
    const lower = value.toLowerCase();
    // Lower-casing may change a text's length (İ): then each slice is lower-cased on its own.
    const gram = (i: number) => (lower.length === value.length ? lower.slice(i, i + length) : value.slice(i, i + length).toLowerCase());
    let out = "";
    let from = 0;
    let found = false;
    for (let i = 0; i + length <= value.length; i++) {
      if (!grams.has(gram(i))) continue;
      if (i >= from) out += `${value.slice(from, i)}${replacement}`;
      found = true;
      from = Math.max(from, i + length);
    }
    return found ? out + value.slice(from) : value;
  };
}

/**
 * A copy of a thrown value that is safe to keep as an error's `cause`: an `Error` with the same
 * name, message, stack, code and causes (four deep), each passed through `redact`; anything else
 * as redacted text. A value that cannot be read (a proxy, a throwing getter) is kept as nothing.
 */
export function copyCause(thrown: unknown, redact: (text: string) => string): unknown {
  const copy = (v: unknown, depth: number): unknown => {
    if (!(v instanceof Error)) return v === undefined ? undefined : redact(String(v));
    const inner = depth < 4 && v.cause !== undefined ? { cause: copy(v.cause, depth + 1) } : undefined;
    const safe = new Error(redact(v.message), inner);
    safe.name = redact(v.name);
    if (v.stack !== undefined) safe.stack = redact(v.stack);
    // The fields Node puts on system errors: ECONNRESET, the syscall, the address.
    for (const key of ["code", "errno", "syscall", "address", "port"] as const) {
      const field = (v as unknown as Record<string, unknown>)[key];
      if (typeof field === "string" || typeof field === "number") Object.assign(safe, { [key]: typeof field === "string" ? redact(field) : field });
    }
    return safe;
  };
  try {
    return copy(thrown, 0);
  } catch {
    return new Error("[an error that could not be read]");
  }
}

/**
 * A parsed JSON value with every string (keys too) passed through `redact`, cut at `maxDepth`,
 * so a hostile body cannot exhaust the stack.
 */
export function redactValue<T>(input: T, redact: (text: string) => string, maxDepth: number, tooDeep: string): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redact(v);
    if (v === null || typeof v !== "object") return v;
    if (depth >= maxDepth) return tooDeep;
    if (Array.isArray(v)) return v.map((inner) => walk(inner, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, inner]) => [redact(k), walk(inner, depth + 1)]));
  };
  return walk(input, 0) as T;
}

/** Headers that carry credentials; their values never reach an error or a log. */
const SECRET_HEADERS = new Set(["x-api-key", "authorization", "cookie", "set-cookie", "proxy-authorization"]);

/** Headers as a plain object: credential headers replaced, every other name and value passed through `redact`. */
export function redactHeaders(headers: { forEach(each: (value: string, name: string) => void): void }, redact: (text: string) => string, replacement: string): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, name) => {
    out[redact(name)] = SECRET_HEADERS.has(name.toLowerCase()) ? replacement : redact(v);
  });
  return out;
}

/** What {@link compile} builds for a set of secrets. */
export interface Compiled {
  mixed: RegExp | undefined;
  runs: ((text: string) => string) | undefined;
  margin: number;
}
/**
 * The patterns of the latest sets of secrets. Building them costs milliseconds, and most calls of
 * a client hold the same key: each call's redactor would otherwise build them again. A few sets
 * only, so the passwords of past calls do not pile up.
 */
const compiled = new Map<string, Compiled>();

/**
 * The character-by-character pattern of `patterned` (see {@link secretPattern}; a pattern the
 * engine cannot build is left out, the whole forms still apply) and the run matcher of `runsOf`.
 */
export function compile(patterned: string[], runsOf: string[], length: number, replacement: string): Compiled {
  const id = JSON.stringify([patterned, runsOf]);
  let hit = compiled.get(id);
  if (hit === undefined) {
    let group = 0;
    let mixed: RegExp | undefined;
    try {
      const sources = patterned.map((s) => secretPattern(s, () => ++group)).filter((p) => p !== undefined);
      mixed = sources.length > 0 ? new RegExp(sources.join("|"), "gi") : undefined;
    } catch {
      // Left out: see above.
    }
    hit = { mixed, runs: runRedactor(runsOf, length, replacement), margin: Math.max(0, ...patterned.map((s) => s.length * FORM_MAX)) };
    compiled.set(id, hit);
    if (compiled.size > 8) compiled.delete(compiled.keys().next().value ?? "");
  }
  return hit;
}
