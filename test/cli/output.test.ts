import { describe, expect, it } from "vitest";
import { csvRow, table } from "../../src/cli/output.js";
import { printable, printableLines, terminalSafeJson } from "../../src/cli/terminal.js";
import type { User } from "../../src/index.js";
import { ATTACKS, RAW_CONTROL } from "../support/attacks.js";


describe("printable", () => {
  it.each(Object.entries(ATTACKS))("shows %s escaped, never raw", (_, attack) => {
    expect(printable(attack)).not.toMatch(RAW_CONTROL);
    expect(printable(attack)).not.toMatch(/[\t\n]/);
  });

  it("names what it escaped, so the value can still be read", () => {
    expect(printable("\u001b[2J\tok\n\u009b\u202e")).toBe("\\e[2J\\tok\\n\\x9b\\u202e");
  });

  it("printableLines keeps a message's own line breaks and tabs", () => {
    expect(printableLines("line one\n\tline \u001b[31mtwo")).toBe("line one\n\tline \\e[31mtwo");
  });
});

describe("terminalSafeJson", () => {
  it("is exact JSON: the same value once parsed, with nothing a terminal would obey left raw", () => {
    const value = { names: Object.values(ATTACKS), nested: { ok: "plain" } };
    const text = terminalSafeJson(value, 2);
    expect(JSON.parse(text)).toStrictEqual(value);
    expect(text).not.toMatch(RAW_CONTROL);
  });
});

const someone = (firstName: unknown): User => ({ userId: 1, login: "a", email: "a@b.co", firstName, networkId: 1, mailboxId: 1, authLevel: "General", status: "Active", created: "2024-01-01T00:00:00Z" }) as User;

describe("table", () => {
  it.each(Object.entries(ATTACKS))("shows a name with %s escaped", (_, attack) => {
    expect(table([someone(attack)])).not.toMatch(RAW_CONTROL);
  });
});

describe("csvRow", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    [" =1+1", "' =1+1"],
    ["\n=cmd|' /C calc'!A0", `"'\n=cmd|' /C calc'!A0"`],
    ["\u0000=1+1", "'\\x00=1+1"],
    ["a;=1+1", `"a;=1+1"`],
    ["\r=1", `'\\r=1`],
  ])("defuses %j as %s", (input, expected) => {
    expect(csvRow([input])).toBe(expected);
  });

  it("leaves ordinary values and numbers alone", () => {
    expect(csvRow(["jsmith", -5, "a,b", 'say "hi"'])).toBe(`jsmith,-5,"a,b","say ""hi"""`);
  });

  it.each(Object.entries(ATTACKS))("never writes %s raw", (_, attack) => {
    expect(csvRow([attack])).not.toMatch(RAW_CONTROL);
  });
});
