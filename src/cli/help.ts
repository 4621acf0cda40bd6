import { COMMANDS, GLOBAL_FLAGS, type CommandDef, type FlagDef } from "./definitions.js";

function flagLines(flags: readonly FlagDef[]): string[] {
  const heads = flags.map((f) => `--${f.name}${f.value ? ` ${f.value}` : ""}`);
  const width = Math.max(...heads.map((h) => h.length));
  return flags.map((f, i) => {
    const choices = f.choices ? ` One of: ${f.choices.join(", ")}.` : "";
    return `  ${heads[i]!.padEnd(width)}  ${f.description}${choices}`;
  });
}

const ENVIRONMENT = [
  "Environment:",
  "  ECGRID_API_KEY   API key (or --api-key-file). Never passed as an argument.",
  "  ECGRID_BASE_URL  API base URL (or --base-url).",
  "",
  "Exit codes: 0 success, 1 API or network error (or a confirmation declined), 2 usage or validation error,",
  "130 interrupted, 141 output pipe closed.",
];

/** Help for the whole tool. */
export function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `ecgrid-users ${version}: manage the users of ECGrid networks and mailboxes.`,
    "",
    "Usage: ecgrid-users <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    ...flagLines([...GLOBAL_FLAGS, { name: "version", type: "boolean", description: "Print the version." }]),
    "",
    ...ENVIRONMENT,
    "",
    "Options may come before or after the command. Run 'ecgrid-users <command> --help' (or -h) for a command's options.",
  ].join("\n");
}

/** Help for one command, from the same definitions the parser uses. */
export function commandHelp(command: CommandDef): string {
  const argument = command.userId === "required" ? " <user-id>" : command.userId === "optional" ? " [<user-id>]" : "";
  return [
    `Usage: ecgrid-users ${command.name}${argument} [options]`,
    "",
    command.summary,
    "",
    "Options:",
    ...flagLines([...command.flags, ...GLOBAL_FLAGS]),
    "",
    command.examples.length > 1 ? "Examples:" : "Example:",
    ...command.examples.map((e) => `  ${e}`),
    "",
    ...ENVIRONMENT,
  ].join("\n");
}
