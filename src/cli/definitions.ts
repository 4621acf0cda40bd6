import { AUTH_LEVELS, USER_STATUSES } from "../index.js";

/** A flag of the command line. The same record drives parsing, checking and help. */
export interface FlagDef {
  /** Kebab-case name, without the leading dashes. */
  name: string;
  type: "string" | "boolean";
  description: string;
  /** Placeholder shown in help, e.g. `<id>`. */
  value?: string;
  /** The only values allowed. */
  choices?: readonly string[];
  /** The value must be a whole number. */
  integer?: boolean;
  /** The request field this flag sets, so that a validation issue can name the flag. */
  field?: string;
}

/** A subcommand. */
export interface CommandDef {
  name: "create" | "list";
  summary: string;
  flags: readonly FlagDef[];
  examples: readonly string[];
}

/** Output formats of `list` (and `create`). */
export const OUTPUTS = ["table", "json", "ndjson", "csv"] as const;
export type OutputFormat = (typeof OUTPUTS)[number];

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly FlagDef[] = [
  { name: "api-key-file", type: "string", value: "<path>", description: "Read the API key from this file (default: the ECGRID_API_KEY environment variable)." },
  { name: "base-url", type: "string", value: "<url>", description: "API base URL (default: ECGRID_BASE_URL, else https://rest.ecgrid.io)." },
  { name: "verbose", type: "boolean", description: "Print a one-line summary of each request and response on stderr." },
  { name: "help", type: "boolean", description: "Show help." },
];

const id = (name: string, field: string, what: string): FlagDef => ({ name, type: "string", value: "<id>", integer: true, field, description: what });

export const COMMANDS: readonly CommandDef[] = [
  {
    name: "create",
    summary: "Create a user (POST /v2/users).",
    flags: [
      { name: "login", type: "string", value: "<login>", field: "login", description: "Username, unique within the network (required)." },
      { name: "email", type: "string", value: "<email>", field: "email", description: "Email address (required)." },
      { name: "password-stdin", type: "boolean", field: "password", description: "Read the password from stdin. Without it, a terminal prompts with no echo." },
      { name: "first-name", type: "string", value: "<name>", field: "firstName", description: "First name." },
      { name: "last-name", type: "string", value: "<name>", field: "lastName", description: "Last name." },
      id("network-id", "networkId", "Network to create the user in (default: yours)."),
      id("mailbox-id", "mailboxId", "Mailbox to associate the user with (default: yours)."),
      { name: "auth-level", type: "string", value: "<level>", field: "authLevel", choices: AUTH_LEVELS, description: "Permission level, at or below yours (default: MailboxUser)." },
      { name: "output", type: "string", value: "<format>", choices: ["table", "json"], description: "Output format (default: table on a terminal, else json)." },
    ],
    examples: ["printf '%s\\n' \"$PASSWORD\" | ecgrid-users create --login jsmith --email jsmith@example.com --password-stdin"],
  },
  {
    name: "list",
    summary: "List users (POST /v2/users/list).",
    flags: [
      id("network-id", "networkId", "Only users of this network."),
      id("mailbox-id", "mailboxId", "Only users of this mailbox."),
      { name: "auth-level", type: "string", value: "<level>", field: "authLevel", choices: AUTH_LEVELS, description: "Only users with this permission level." },
      { name: "status", type: "string", value: "<status>", field: "status", choices: USER_STATUSES, description: "Only users with this status." },
      { name: "page", type: "string", value: "<n>", integer: true, field: "pageNo", description: "Page number, from 1 (default: 1)." },
      { name: "per-page", type: "string", value: "<n>", integer: true, field: "recordsPerPage", description: "Users per page (default: 25)." },
      { name: "all", type: "boolean", description: "Every page, one after another (not with --page)." },
      { name: "output", type: "string", value: "<format>", choices: OUTPUTS, description: "Output format (default: table on a terminal, else json)." },
    ],
    examples: ["ecgrid-users list --network-id 1 --status Active --all --output csv > users.csv"],
  },
];

/** Flags that are refused outright, with the way to do it instead: secrets never go in argv. */
export const REFUSED_FLAGS: Readonly<Record<string, string>> = {
  password: "--password is not accepted: arguments are visible to other users of this machine. Pipe the password with --password-stdin, or omit it to be prompted.",
  "api-key": "--api-key is not accepted: arguments are visible to other users of this machine. Set ECGRID_API_KEY or use --api-key-file <path>.",
};
