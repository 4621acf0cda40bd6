import { AUTH_LEVELS, CREATE_AUTH_LEVELS, USER_STATUSES } from "../index.js";

/** A flag of the command line. The same record drives parsing, checking and help. */
export interface FlagDef {
  /** Kebab-case name, without the leading dashes. */
  name: string;
  type: "string" | "boolean";
  description: string;
  /** Placeholder shown in help, e.g. `<id>`. */
  value?: string;
  /** The only values allowed, matched without regard to case. */
  choices?: readonly string[];
  /** The value must be a whole number. */
  integer?: boolean;
  /** The request field this flag sets, so that a validation issue can name the flag. */
  field?: string;
  /** The flag may be given more than once. */
  multiple?: boolean;
}

/** Output formats: a table or aligned fields for people, JSON and the streaming formats for programs. */
export const OUTPUTS = ["table", "json", "ndjson", "csv"] as const;
export type OutputFormat = (typeof OUTPUTS)[number];

/** A subcommand. */
export interface CommandDef {
  name: string;
  summary: string;
  flags: readonly FlagDef[];
  /** Whether the command takes a user id as its argument: `get 1042`. */
  userId?: "required" | "optional";
  /** The output formats it offers; the first is the default on a terminal, JSON elsewhere. */
  outputs: readonly OutputFormat[];
  examples: readonly string[];
}

/** Flags every command takes, before or after the command's name. */
export const GLOBAL_FLAGS: readonly FlagDef[] = [
  { name: "api-key-file", type: "string", value: "<path>", description: "Read the API key from this file (default: the ECGRID_API_KEY environment variable)." },
  { name: "base-url", type: "string", value: "<url>", description: "API base URL (default: ECGRID_BASE_URL, else https://rest.ecgrid.io)." },
  { name: "verbose", type: "boolean", description: "Print a one-line summary of each request and response on stderr." },
  { name: "help", type: "boolean", description: "Show help (also -h)." },
];

const id = (name: string, field: string, what: string): FlagDef => ({ name, type: "string", value: "<id>", integer: true, field, description: what });
const output = (formats: readonly OutputFormat[]): FlagDef => ({ name: "output", type: "string", value: "<format>", choices: formats, description: "Output format (default: table on a terminal, else json)." });
const yes: FlagDef = { name: "yes", type: "boolean", description: "Confirm without a prompt (needed when stdin is not a terminal)." };
const passwordStdin = (field: string): FlagDef => ({ name: "password-stdin", type: "boolean", field, description: "Read the password from stdin. Without it, a terminal prompts twice, with no echo." });
const USER = ["table", "json"] as const;
const USERS = OUTPUTS;

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandDef[] = [
  {
    name: "create",
    summary: "Create a user (POST /v2/users).",
    flags: [
      { name: "login", type: "string", value: "<login>", field: "login", description: "Username, unique within the network (required)." },
      { name: "email", type: "string", value: "<email>", field: "email", description: "Email address (required)." },
      passwordStdin("password"),
      { name: "first-name", type: "string", value: "<name>", field: "firstName", description: "First name." },
      { name: "last-name", type: "string", value: "<name>", field: "lastName", description: "Last name." },
      id("network-id", "networkId", "Network to create the user in (default: yours)."),
      id("mailbox-id", "mailboxId", "Mailbox to associate the user with (default: yours)."),
      { name: "auth-level", type: "string", value: "<level>", field: "authLevel", choices: CREATE_AUTH_LEVELS, description: "Permission level, at or below yours (default: MailboxUser)." },
      output(USER),
    ],
    outputs: USER,
    examples: ["printf '%s\\n' \"$PASSWORD\" | ecgrid-users create --login jsmith --email jsmith@example.com --password-stdin"],
  },
  {
    name: "list",
    summary: "List users (POST /v2/users/list).",
    flags: [
      id("network-id", "networkId", "Only users of this network."),
      id("mailbox-id", "mailboxId", "Only users of this mailbox."),
      { name: "auth-level", type: "string", value: "<level>", field: "authLevel", choices: AUTH_LEVELS, description: "Only users with this permission level (NoChange: every level)." },
      { name: "status", type: "string", value: "<status>", field: "status", choices: USER_STATUSES, description: "Only users with this status." },
      { name: "page", type: "string", value: "<n>", integer: true, field: "pageNo", description: "Page number, from 1 (default: 1)." },
      { name: "per-page", type: "string", value: "<n>", integer: true, field: "recordsPerPage", description: "Users per page (default: 25)." },
      { name: "all", type: "boolean", description: "Every page, one after another (not with --page)." },
      output(USERS),
    ],
    outputs: USERS,
    examples: ["ecgrid-users list --network-id 1 --status Active --all --output csv > users.csv"],
  },
  {
    name: "get",
    summary: "Show a user by id, or every user with a login (GET /v2/users/{id}, POST /v2/users/by-name).",
    userId: "optional",
    flags: [{ name: "login", type: "string", value: "<login>", field: "login", description: "Find by login instead of id: one user per network where it exists." }, output(USERS)],
    outputs: USERS,
    examples: ["ecgrid-users get 1042", "ecgrid-users get --login jsmith"],
  },
  {
    name: "whoami",
    summary: "Show the user the API key belongs to (GET /v2/users/me).",
    flags: [output(USER)],
    outputs: USER,
    examples: ["ecgrid-users whoami"],
  },
  {
    name: "update",
    summary: "Change a user's email or names (PUT /v2/users).",
    userId: "required",
    flags: [
      { name: "email", type: "string", value: "<email>", field: "email", description: "New email address." },
      { name: "first-name", type: "string", value: "<name>", field: "firstName", description: "New first name." },
      { name: "last-name", type: "string", value: "<name>", field: "lastName", description: "New last name." },
      output(USER),
    ],
    outputs: USER,
    examples: ["ecgrid-users update 1042 --email john.smith@example.com"],
  },
  {
    name: "set-role",
    summary: "Give a user an AuthLevel, at or below yours (POST /v2/users/role).",
    userId: "required",
    flags: [
      { name: "auth-level", type: "string", value: "<level>", field: "authLevel", choices: AUTH_LEVELS, description: "The level to give (required; NoChange keeps it)." },
      id("network-id", "networkId", "Scope the role to this network."),
      id("mailbox-id", "mailboxId", "Scope the role to this mailbox."),
      output(USER),
    ],
    outputs: USER,
    examples: ["ecgrid-users set-role 1042 --auth-level NetworkAdmin --network-id 1"],
  },
  {
    name: "set-network-mailbox",
    summary: "Move a user to another network or mailbox (POST /v2/users/set-network-mailbox).",
    userId: "required",
    flags: [id("network-id", "networkId", "The user's new network."), id("mailbox-id", "mailboxId", "The user's new mailbox."), output(USER)],
    outputs: USER,
    examples: ["ecgrid-users set-network-mailbox 1042 --network-id 2 --mailbox-id 205"],
  },
  {
    name: "set-password",
    summary: "Set a user's password (POST /v2/users/password).",
    userId: "required",
    flags: [passwordStdin("newPassword"), output(USER)],
    outputs: USER,
    examples: ["printf '%s\\n' \"$NEW_PASSWORD\" | ecgrid-users set-password 1042 --password-stdin"],
  },
  {
    name: "generate-password",
    summary: "Print a random password that meets ECGrid's rule (POST /v2/users/generate-password).",
    flags: [{ name: "length", type: "string", value: "<n>", integer: true, field: "length", description: "Its length (default: 12)." }, output(USER)],
    outputs: USER,
    examples: ["ecgrid-users generate-password --length 16"],
  },
  {
    name: "terminate",
    summary: "Terminate a user, for good (DELETE /v2/users/{id}). Asks first.",
    userId: "required",
    flags: [yes, output(USER)],
    outputs: USER,
    examples: ["ecgrid-users terminate 1042", "ecgrid-users terminate 1042 --yes   # in a script"],
  },
  {
    name: "reset-sessions",
    summary: "Invalidate a user's sessions (POST /v2/users/reset/{id}).",
    userId: "required",
    flags: [output(USER)],
    outputs: USER,
    examples: ["ecgrid-users reset-sessions 1042"],
  },
  {
    name: "send-sms",
    summary: "Text a user's configured phone (POST /v2/users/send-sms). Never sent twice.",
    userId: "required",
    flags: [{ name: "message", type: "string", value: "<text>", field: "message", description: "The text to send (required)." }, output(USER)],
    outputs: USER,
    examples: ["ecgrid-users send-sms 1042 --message 'Your parcel is ready.'"],
  },
  {
    name: "update-config",
    summary: "Update a user's configuration (POST /v2/users/update-config).",
    userId: "required",
    flags: [
      { name: "set", type: "string", value: "<name=value>", multiple: true, description: "Set a configuration field to a string; repeat for more." },
      { name: "set-json", type: "string", value: "<name=json>", multiple: true, description: "Set a configuration field to a JSON value (a number, true, null…)." },
      output(USER),
    ],
    outputs: USER,
    examples: ["ecgrid-users update-config 1042 --set cellPhone=+15550100 --set cellCarrier=Verizon"],
  },
  {
    name: "api-key",
    summary: "Print a user's API key (GET /v2/users/key/{id}); --generate replaces it (POST /v2/users/key-generate/{id}).",
    userId: "required",
    flags: [{ name: "generate", type: "boolean", description: "Generate a new key, invalidating the old one at once. Asks first." }, yes, output(USER)],
    outputs: USER,
    examples: ["ecgrid-users api-key 1042 > key.txt", "ecgrid-users api-key 1042 --generate --yes > key.txt"],
  },
];

/** Flags that are refused outright, with the way to do it instead: secrets never go in argv. */
export const REFUSED_FLAGS: Readonly<Record<string, string>> = {
  password: "--password is not accepted: arguments are visible to other users of this machine. Pipe the password with --password-stdin, or omit it to be prompted.",
  "new-password": "--new-password is not accepted: arguments are visible to other users of this machine. Pipe the password with --password-stdin, or omit it to be prompted.",
  "api-key": "--api-key is not accepted: arguments are visible to other users of this machine. Set ECGRID_API_KEY or use --api-key-file <path>.",
};
