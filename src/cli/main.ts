#!/usr/bin/env node
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ReadStream } from "node:tty";
import { createEcgridClient, EcgridApiError, EcgridValidationError, isEcgridError, type AttemptEvent, type CreateUserInput, type ListUsersInput, type User } from "../index.js";
import { COMMANDS, GLOBAL_FLAGS, REFUSED_FLAGS, type CommandDef, type FlagDef, type OutputFormat } from "./definitions.js";
import { commandHelp, mainHelp } from "./help.js";
import { UserWriter } from "./output.js";
import { promptPassword, readPasswordFromStdin } from "./password.js";
import { printable, printableLines, terminalSafeJson } from "./terminal.js";

/** Where the command line reads and writes; the real process by default, replaceable in tests. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** A usage or validation problem: exit code 2. */
class UsageError extends Error {}

const EXIT = { ok: 0, api: 1, usage: 2, cancelled: 130, closedPipe: 141 } as const;

/** Runs the command line and resolves to its exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  // Server text is shown, never obeyed: every message is escaped before it reaches the terminal.
  const say = (text: string) => io.stderr.write(`ecgrid-users: ${printableLines(text)}\n`);
  const pipe = watchPipe(io.stdout);
  try {
    return await dispatch(argv, io, pipe.signal);
  } catch (error) {
    // The reader went away (`| head`): stop quietly, as standard tools do on SIGPIPE.
    if (pipe.closed) return EXIT.closedPipe;
    if (error instanceof UsageError) {
      say(error.message);
      return EXIT.usage;
    }
    if (error instanceof EcgridApiError) {
      say(error.errorCode === undefined ? error.message : `${error.errorCode} (HTTP ${error.status}): ${messageOf(error)}`);
      return EXIT.api;
    }
    if (isEcgridError(error)) {
      say(error.message);
      return EXIT.api;
    }
    if (error instanceof Error && error.name === "Cancelled") return EXIT.cancelled;
    throw error;
  } finally {
    pipe.stop();
  }
}

/**
 * Notices when stdout's reader has gone (EPIPE), so the command stops instead of dying on an
 * unhandled 'error' event; the next write then throws and ends the command.
 */
function watchPipe(stdout: NodeJS.WritableStream) {
  const closing = new AbortController();
  const state = {
    get closed() {
      return closing.signal.aborted;
    },
    /** Aborts the command's requests when the reader goes away. */
    signal: closing.signal,
    stop: () => void stdout.off("error", onError),
  };
  function onError(error: NodeJS.ErrnoException) {
    if (error.code === "EPIPE") closing.abort(new Error("stdout was closed"));
  }
  stdout.on("error", onError);
  return state;
}

function messageOf(error: EcgridApiError): string {
  const body = error.body as { message?: unknown } | undefined;
  return typeof body?.message === "string" && body.message !== "" ? body.message : error.message;
}

async function dispatch(argv: readonly string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--version" || first === "-v") {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    (first === undefined ? io.stderr : io.stdout).write(`${mainHelp(version())}\n`);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command === undefined) throw new UsageError(`unknown command '${first}'. Commands: ${COMMANDS.map((c) => c.name).join(", ")}. See 'ecgrid-users --help'.`);

  const flags = parse(command, rest);
  if (flags.help === true) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  const client = clientFor(flags, io);
  const output = (flags.output as OutputFormat | undefined) ?? (io.stdout.isTTY ? "table" : "json");
  try {
    if (command.name === "create") await create(client, flags, io, output);
    else await list(client, flags, io, output, signal);
  } catch (error) {
    if (error instanceof EcgridValidationError) throw new UsageError(error.issues.map((i) => `${flagFor(command, i.path)}: ${i.message}`).join("\n"));
    throw error;
  }
  return EXIT.ok;
}

type Flags = Record<string, string | boolean | undefined>;

function parse(command: CommandDef, args: readonly string[]): Flags {
  for (const arg of args) {
    const name = /^--([^=]+)/.exec(arg)?.[1];
    if (name !== undefined && name in REFUSED_FLAGS) throw new UsageError(REFUSED_FLAGS[name]!);
  }
  const defs = [...command.flags, ...GLOBAL_FLAGS];
  let values: Flags;
  try {
    ({ values } = parseArgs({ args: [...args], options: Object.fromEntries(defs.map((f) => [f.name, { type: f.type }])), strict: true, allowPositionals: false }));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // A stray argument may be a secret typed in the wrong place: it is never echoed.
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new UsageError(`unexpected argument (not shown, in case it is a secret): '${command.name}' takes only --flags. See 'ecgrid-users ${command.name} --help'.`);
    // parseArgs names the flag, never its value ("Unknown option '--x'", "Option '--login <value>' argument missing").
    throw new UsageError(`${message.replace(/\.$/, "")}. See 'ecgrid-users ${command.name} --help'.`);
  }
  for (const def of defs) checkFlag(def, values[def.name]);
  return values;
}

function checkFlag(def: FlagDef, value: string | boolean | undefined): void {
  if (typeof value !== "string") return;
  if (def.integer && !/^-?\d+$/.test(value)) throw new UsageError(`--${def.name} must be a whole number, not '${value}'.`);
  if (def.choices && !def.choices.includes(value)) throw new UsageError(`--${def.name} must be one of ${def.choices.join(", ")}; got '${value}'.`);
}

/** The flag that sets a request field, for messages. */
function flagFor(command: CommandDef, field: string): string {
  const def = command.flags.find((f) => f.field === field);
  return def ? `--${def.name}` : field === "" ? "request" : field;
}

function clientFor(flags: Flags, io: CliIo) {
  const keyFile = flags["api-key-file"];
  let apiKey = io.env.ECGRID_API_KEY;
  if (typeof keyFile === "string") {
    try {
      apiKey = readFileSync(keyFile, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new UsageError(`--api-key-file: cannot read ${keyFile} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
  }
  if (!apiKey) throw new UsageError("no API key: set ECGRID_API_KEY, or pass --api-key-file <path>.");
  const baseUrl = typeof flags["base-url"] === "string" ? flags["base-url"] : io.env.ECGRID_BASE_URL || undefined;
  try {
    return createEcgridClient({ apiKey, baseUrl, onAttempt: flags.verbose === true ? (e) => io.stderr.write(`${printable(describeAttempt(e))}\n`) : undefined });
  } catch (error) {
    if (!isEcgridError(error)) throw error;
    // Name what the user set, not the client option behind it.
    const keySource = typeof keyFile === "string" ? `--api-key-file ${keyFile}` : "ECGRID_API_KEY";
    const urlSource = typeof flags["base-url"] === "string" ? "--base-url" : "ECGRID_BASE_URL";
    throw new UsageError(/^(The|No) ECGrid API key/.test(error.message) ? `${keySource}: ${error.message}` : error.message.replace(/\bbaseUrl\b/g, urlSource));
  }
}

/** One line per attempt: method, URL, attempt, outcome, time. Never a header or a body. */
function describeAttempt(e: AttemptEvent): string {
  const outcome = e.status !== undefined ? `HTTP ${e.status}` : (e.error ?? "failed");
  const retry = e.retryInMs !== undefined ? `, retrying in ${e.retryInMs} ms` : "";
  return `> ${e.method} ${e.url} (attempt ${e.attempt}): ${outcome} in ${e.durationMs} ms${retry}`;
}

const int = (value: string | boolean | undefined) => (typeof value === "string" ? Number(value) : undefined);
const str = (value: string | boolean | undefined) => (typeof value === "string" ? value : undefined);

/** Only the fields the user gave: the server applies its own defaults. */
function defined<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

async function create(client: ReturnType<typeof createEcgridClient>, flags: Flags, io: CliIo, output: OutputFormat) {
  if (flags.login === undefined) throw new UsageError("--login is required.");
  if (flags.email === undefined) throw new UsageError("--email is required.");
  let password: string;
  if (flags["password-stdin"] === true) password = await readPasswordFromStdin(io.stdin);
  else if (io.stdin.isTTY) password = await promptPassword(io.stdin as ReadStream, io.stderr);
  else throw new UsageError("a password is needed: pipe it with --password-stdin (stdin is not a terminal, so there is no prompt).");
  const input = defined({
    login: str(flags.login),
    email: str(flags.email),
    password,
    firstName: str(flags["first-name"]),
    lastName: str(flags["last-name"]),
    networkId: int(flags["network-id"]),
    mailboxId: int(flags["mailbox-id"]),
    authLevel: str(flags["auth-level"]),
  }) as CreateUserInput;
  const user = await client.users.create(input);
  if (output === "json") io.stdout.write(`${terminalSafeJson(user, 2)}\n`);
  else {
    const width = Math.max(...Object.keys(user).map((k) => printable(k).length));
    const value = (v: unknown) => printable(typeof v === "object" && v !== null ? terminalSafeJson(v) : String(v));
    io.stdout.write(`${Object.entries(user).map(([k, v]) => `${printable(k).padEnd(width)}  ${value(v)}`).join("\n")}\n`);
  }
}

async function list(client: ReturnType<typeof createEcgridClient>, flags: Flags, io: CliIo, output: OutputFormat, signal: AbortSignal) {
  if (flags.all === true && flags.page !== undefined) throw new UsageError("--all and --page cannot be used together: --all fetches every page.");
  const filters = defined({
    networkId: int(flags["network-id"]),
    mailboxId: int(flags["mailbox-id"]),
    authLevel: str(flags["auth-level"]),
    status: str(flags.status),
    recordsPerPage: int(flags["per-page"]),
  }) as ListUsersInput;
  const writer = new UserWriter(output, (text) => io.stdout.write(text));
  if (flags.all !== true) {
    writer.add(await client.users.list(defined({ ...filters, pageNo: int(flags.page) }) as ListUsersInput, { signal }));
    writer.end();
    return;
  }
  const progress = io.stderr.isTTY === true;
  let pages = 0;
  let users = 0;
  for await (const page of client.users.listAll(filters, { signal }).pages()) {
    writer.add(page as User[]);
    pages++;
    users += page.length;
    if (progress) io.stderr.write(`\rpage ${pages}, ${users} users so far`);
  }
  if (progress) io.stderr.write(`\rpage ${pages}, ${users} users: done\n`);
  writer.end();
}

/** The package's version, from the package.json above this file. */
function version(): string {
  let dir = new URL(".", import.meta.url);
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "ecgrid-users") return pkg.version ?? "unknown";
    } catch {
      // Not here; look one folder up.
    }
    dir = new URL("..", dir);
  }
  return "unknown";
}

// Run only when executed, not when imported (the bin is a symlink, so compare real paths).
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  // A closed pipe can still report itself after the command ends: that is no error either.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ecgrid-users: unexpected error: ${printableLines(error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = 1;
    },
  );
}
