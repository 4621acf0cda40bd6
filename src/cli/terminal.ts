/**
 * Text from the server (names, error codes, messages) is shown, never obeyed: a control
 * character reaching a terminal can clear the screen, set the window title, forge a hyperlink
 * (OSC 8) or hide what came before it (backspace, carriage return).
 */

/**
 * Characters that act instead of showing: C0 controls, DEL, C1 controls (0x9B is a one-byte CSI
 * on some terminals), the bidirectional marks and overrides that reorder what is displayed, the
 * zero-width and line/paragraph separators that hide or break text, the byte-order mark, and the
 * tag characters.
 */
const INVISIBLE = "\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff\\u{e0000}-\\u{e007f}";
const CONTROL = new RegExp(`[\\u0000-\\u001f${INVISIBLE}]`, "gu");
/** The same, less tab and line feed: the two that text may use as layout. */
const CONTROL_BUT_LAYOUT = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${INVISIBLE}]`, "gu");

const escape = (char: string): string => {
  const code = char.codePointAt(0) ?? 0;
  const short: Record<number, string> = { 0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r", 0x1b: "\\e" };
  return short[code] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`);
};

/** One cell or value on one line: every control character shown escaped, tab and line feed too. */
export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/** A message of several lines: control characters escaped, but its own tabs and line feeds kept. */
export function printableLines(text: string): string {
  return text.replace(CONTROL_BUT_LAYOUT, escape);
}

/**
 * JSON for output: exact JSON (the same value once parsed), with the characters that
 * JSON.stringify leaves raw but a terminal would obey (DEL, C1, bidi overrides) written as
 * `\u` escapes.
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  // An astral character is written as its two UTF-16 halves, as JSON spells it.
  return JSON.stringify(value, null, indent).replace(new RegExp(`[${INVISIBLE}]`, "gu"), (c) =>
    [...c.split("")].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
  );
}
