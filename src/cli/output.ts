import type { User } from "../index.js";

/** The columns of table and CSV output: every field of the spec's UserIDInfo, in its order. */
export const COLUMNS = ["userId", "login", "email", "firstName", "lastName", "networkId", "mailboxId", "authLevel", "status", "created"] as const satisfies readonly (keyof User)[];
// Fails to compile when the spec gains a field that the columns lack.
const everyField: Exclude<keyof User, (typeof COLUMNS)[number]> extends never ? true : false = true;
void everyField;

const cell = (value: unknown): string => (value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** One CSV row (RFC 4180), with cells that a spreadsheet would run as a formula defused. */
export function csvRow(values: readonly unknown[]): string {
  return values
    .map((value) => {
      let text = cell(value);
      if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",");
}

/** A plain-text table with aligned columns. */
export function table(users: readonly User[]): string {
  if (users.length === 0) return "(no users)";
  const rows = [COLUMNS.map(String), ...users.map((u) => COLUMNS.map((c) => cell(u[c])))];
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
      if (this.format === "ndjson") this.write(`${JSON.stringify(u)}\n`);
      else if (this.format === "csv") this.write(`${csvRow(COLUMNS.map((c) => u[c]))}\n`);
      else if (this.format === "json") this.write(`${this.count === 0 ? "[\n" : ",\n"}  ${JSON.stringify(u)}`);
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
