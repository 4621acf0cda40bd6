import type { User } from "../index.js";
import { printable, printableLines, terminalSafeJson } from "./terminal.js";

/** The columns of table and CSV output: every field of the spec's UserIDInfo, in its order. */
export const COLUMNS = ["userId", "login", "email", "firstName", "lastName", "networkId", "mailboxId", "authLevel", "status", "created"] as const satisfies readonly (keyof User)[];
// Fails to compile when the spec gains a field that the columns lack.
const everyField: Exclude<keyof User, (typeof COLUMNS)[number]> extends never ? true : false = true;
void everyField;

const cell = (value: unknown): string => (value === undefined || value === null ? "" : typeof value === "object" ? terminalSafeJson(value) : String(value));

/**
 * What makes a spreadsheet run a cell as a formula: one of `= + - @`, a tab or a carriage return
 * at its start, even after spaces, line feeds or a NUL that the spreadsheet skips.
 */
const FORMULA = /^[\s\u0000]*[=+\-@\t\r]/;

/**
 * One CSV row (RFC 4180). A cell that a spreadsheet would run as a formula gets a leading `'`;
 * a cell holding a `;` is quoted, so a spreadsheet in a locale that splits on semicolons
 * (`a;=1+1`) keeps it whole; control characters but tab and line feed are shown escaped.
 */
export function csvRow(values: readonly unknown[]): string {
  return values
    .map((value) => {
      const raw = cell(value);
      let text = printableLines(raw);
      if (typeof value === "string" && FORMULA.test(raw)) text = `'${text}`;
      return /[",;\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",");
}

/** A plain-text table with aligned columns; control characters in values are shown escaped. */
export function table(users: readonly User[]): string {
  if (users.length === 0) return "(no users)";
  const rows = [COLUMNS.map(String), ...users.map((u) => COLUMNS.map((c) => printable(cell(u[c]))))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

/** Writes users as they arrive, in one of the streaming formats, keeping nothing in memory. */
export class UserWriter {
  private count = 0;
  private readonly buffered: User[] = [];

  constructor(
    private readonly format: "table" | "json" | "ndjson" | "csv",
    private readonly write: (text: string) => void,
  ) {
    if (format === "csv") write(`${csvRow(COLUMNS)}\n`);
  }

  /** Adds a page of users. */
  add(users: readonly User[]): void {
    for (const u of users) {
      if (this.format === "ndjson") this.write(`${terminalSafeJson(u)}\n`);
      else if (this.format === "csv") this.write(`${csvRow(COLUMNS.map((c) => u[c]))}\n`);
      // The same layout as JSON.stringify(users, null, 2), written a user at a time.
      else if (this.format === "json") this.write(`${this.count === 0 ? "[\n" : ",\n"}  ${terminalSafeJson(u, 2).replaceAll("\n", "\n  ")}`);
      // A table needs every row to size its columns.
      else this.buffered.push(u);
      this.count++;
    }
  }

  /** Closes the output. */
  end(): void {
    if (this.format === "json") this.write(this.count === 0 ? "[]\n" : "\n]\n");
    if (this.format === "table") this.write(`${table(this.buffered)}\n`);
  }
}

/** One user as aligned `field  value` lines, or as JSON. */
export function formatUser(user: User, format: "table" | "json"): string {
  if (format === "json") return terminalSafeJson(user, 2);
  const width = Math.max(...Object.keys(user).map((k) => printable(k).length));
  const value = (v: unknown) => printable(typeof v === "object" && v !== null ? terminalSafeJson(v) : String(v));
  return Object.entries(user)
    .map(([k, v]) => `${printable(k).padEnd(width)}  ${value(v)}`)
    .join("\n");
}

/**
 * A progress line on a terminal's stderr, rewritten in place. Each update pads over what the
 * previous one left, and an error printed after it starts on a line of its own.
 */
export class StatusLine {
  private shown = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly enabled: boolean,
  ) {}

  /** Replaces the line with `text`. */
  show(text: string): void {
    if (!this.enabled) return;
    this.stream.write(`\r${text}${" ".repeat(Math.max(0, this.shown - text.length))}`);
    this.shown = text.length;
  }

  /** Replaces the line with `text` for good, and ends it. */
  done(text: string): void {
    this.show(text);
    this.end();
  }

  /** Ends the line, if one is showing, so that what follows starts on a fresh one. */
  end(): void {
    if (this.enabled && this.shown > 0) this.stream.write("\n");
    this.shown = 0;
  }
}
