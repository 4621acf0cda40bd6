import { parseArgs } from "node:util";
import { COMMANDS, GLOBAL_FLAGS, REFUSED_FLAGS, type CommandDef, type FlagDef } from "./definitions.js";
import { UsageError } from "./usage-error.js";

/** The values of a command's flags, after checks: enum values in their canonical case. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** What the command line asked for. */
export type Request =
  | { kind: "version" }
  | { kind: "help"; command?: CommandDef | undefined; asked: boolean }
  | { kind: "run"; command: CommandDef; flags: Flags; userId: number | undefined };

const STRING_FLAGS = new Set([...GLOBAL_FLAGS, ...COMMANDS.flatMap((c) => c.flags)].filter((f) => f.type === "string").map((f) => f.name));

/**
 * Reads argv the way `git` and `gh` do: global flags before or after the command, `-h` on every
 * command, enum values in any case, and a "did you mean" for near misses. An argument that is
 * neither a flag nor expected is never echoed: it may be a password typed in the wrong place.
 */
export function parseCommandLine(argv: readonly string[]): Request {
  for (const arg of argv) {
    const name = /^--([^=]+)/.exec(arg)?.[1];
    if (name !== undefined && name in REFUSED_FLAGS) throw new UsageError(REFUSED_FLAGS[name]!);
  }
  const at = commandIndex(argv);
  if (at === -1) {
    if (argv.includes("--version") || argv.includes("-v")) return { kind: "version" };
    return { kind: "help", asked: argv.includes("--help") || argv.includes("-h") };
  }
  const word = argv[at]!;
  const command = COMMANDS.find((c) => c.name === word);
  if (command === undefined) {
    const shown = /^[a-z][a-z-]{0,30}$/i.test(word) ? `'${word}'` : "(not shown, in case it is a secret)";
    const guess = closest(word, COMMANDS.map((c) => c.name));
    throw new UsageError(`unknown command ${shown}.${guess ? ` Did you mean '${guess}'?` : ""}`, "See 'ecgrid-users --help' for the commands.");
  }
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  const defs = [...command.flags, ...GLOBAL_FLAGS];
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: Object.fromEntries(defs.map((f) => [f.name, { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.name === "help" ? { short: "h" } : {}) }])),
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw parseError(error as NodeJS.ErrnoException, command, defs);
  }
  if (values.help === true) return { kind: "help", command, asked: true };
  const flags: Flags = {};
  for (const def of defs) flags[def.name] = checkFlag(def, values[def.name] as Flags[string]);
  const allowed = command.userId === undefined ? 0 : 1;
  if (positionals.length > allowed) {
    throw new UsageError(`unexpected argument (not shown, in case it is a secret): '${command.name}' takes ${allowed === 0 ? "only flags" : "one user id and flags"}.`, `See 'ecgrid-users ${command.name} --help'.`);
  }
  const [id] = positionals;
  if (command.userId === "required" && id === undefined) throw new UsageError(`'${command.name}' needs a user id: ecgrid-users ${command.name} <user-id>.`, `See 'ecgrid-users ${command.name} --help'.`);
  if (id !== undefined && !/^\d{1,15}$/.test(id)) throw new UsageError(`the user id must be a whole number, such as 1042.`, `See 'ecgrid-users ${command.name} --help'.`);
  return { kind: "run", command, flags, userId: id === undefined ? undefined : Number(id) };
}

/** The index of the command's name: the first argument that is not a flag or a flag's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return i + 1 < argv.length ? i + 1 : -1;
    if (!arg.startsWith("-")) return i;
    if (STRING_FLAGS.has(arg.slice(2))) i++;
  }
  return -1;
}

function parseError(error: NodeJS.ErrnoException, command: CommandDef, defs: readonly FlagDef[]): UsageError {
  const help = `See 'ecgrid-users ${command.name} --help'.`;
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    // parseArgs names the flag alone, never a value given with it.
    const flag = /'([^']+)'/.exec(error.message)?.[1] ?? "";
    const guess = flag.startsWith("--") ? closest(flag.slice(2), defs.map((d) => d.name)) : undefined;
    return new UsageError(`unknown flag ${flag} for '${command.name}'.${guess ? ` Did you mean --${guess}?` : ""}`, help);
  }
  return new UsageError(error.message.replace(/\.$/, "").replace(/^Option '([^']+?)(?: <value>)?' argument missing$/, "$1 needs a value"), help);
}

function checkFlag(def: FlagDef, value: Flags[string]): Flags[string] {
  if (typeof value !== "string") return value;
  if (def.integer && !/^-?\d{1,15}$/.test(value)) throw new UsageError(`--${def.name} must be a whole number, not '${value}'.`);
  if (def.choices === undefined) return value;
  const match = def.choices.find((c) => c.toLowerCase() === value.toLowerCase());
  if (match !== undefined) return match;
  const guess = closest(value, def.choices);
  throw new UsageError(`--${def.name} must be one of ${def.choices.join(", ")}; got '${value}'.${guess ? ` Did you mean ${guess}?` : ""}`);
}

/** The candidate nearest to `word` when it is near enough to be a slip of the keyboard. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

/** Levenshtein distance, in one row of memory. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
