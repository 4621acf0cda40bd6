#!/usr/bin/env node
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createEcgridClient, EcgridValidationError, isEcgridError, type AttemptEvent, type EcgridClient } from "../index.js";
import { parseCommandLine, type Flags } from "./args.js";
import { Declined, handlers, type CliIo, type CommandContext } from "./commands.js";
import type { CommandDef } from "./definitions.js";
import { explain, type ErrorContext } from "./explain.js";
import { commandHelp, mainHelp } from "./help.js";
import { StatusLine } from "./output.js";
import { loadRedaction } from "../redact.js";
import { printable, printableLines } from "./terminal.js";
import { UsageError } from "./usage-error.js";

export type { CliIo } from "./commands.js";

const EXIT = { ok: 0, api: 1, usage: 2, cancelled: 130, closedPipe: 141 } as const;

/** Runs the command line and resolves to its exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const pipe = watchPipe(io.stdout);
  const status = new StatusLine(io.stderr, io.stderr.isTTY === true);
  const context: ErrorContext = { urlSource: "ECGRID_BASE_URL", keySource: "ECGRID_API_KEY" };
  // Every message starts with the tool's name; server text is shown escaped, never obeyed, and on
  // one line, so that it cannot pass for a line of the tool's own.
  const say = (message: string, next?: string, ownLines = false) => {
    status.end();
    io.stderr.write(`ecgrid-users: ${ownLines ? printableLines(message) : printable(message)}\n${next === undefined ? "" : `${printable(next)}\n`}`);
  };
  try {
    // The command line shows what the server sent, less any secret it echoed: all patterns, from the start.
    await loadRedaction();
    return await dispatch(argv, io, { signal: pipe.signal, status, context });
  } catch (error) {
    // The reader went away (`| head`): stop quietly, as standard tools do on SIGPIPE.
    if (pipe.closed) return EXIT.closedPipe;
    if (error instanceof Error && error.name === "Cancelled") {
      status.end();
      return EXIT.cancelled;
    }
    if (error instanceof Declined) {
      say(error.message);
      return EXIT.api;
    }
    const explained = explain(error, context);
    if (explained === undefined) throw error;
    say(explained.message, explained.next, error instanceof UsageError);
    return explained.code;
  } finally {
    pipe.stop();
  }
}

/**
 * Notices when stdout's reader has gone (EPIPE), so the command stops instead of dying on an
 * unhandled 'error' event: the command's requests are aborted.
 */
function watchPipe(stdout: NodeJS.WritableStream) {
  const closing = new AbortController();
  function onError(error: NodeJS.ErrnoException) {
    if (error.code === "EPIPE") closing.abort(new Error("stdout was closed"));
  }
  stdout.on("error", onError);
  return {
    get closed() {
      return closing.signal.aborted;
    },
    signal: closing.signal,
    stop: () => void stdout.off("error", onError),
  };
}

interface RunState {
  signal: AbortSignal;
  status: StatusLine;
  context: ErrorContext;
}

async function dispatch(argv: readonly string[], io: CliIo, state: RunState): Promise<number> {
  const request = parseCommandLine(argv);
  if (request.kind === "version") {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (request.kind === "help") {
    const text = request.command ? commandHelp(request.command) : mainHelp(version());
    (request.asked ? io.stdout : io.stderr).write(`${text}\n`);
    return request.asked ? EXIT.ok : EXIT.usage;
  }
  const { command, flags, userId } = request;
  state.context.urlSource = typeof flags["base-url"] === "string" ? "--base-url" : "ECGRID_BASE_URL";
  state.context.keySource = typeof flags["api-key-file"] === "string" ? "--api-key-file" : "ECGRID_API_KEY";
  state.context.login = typeof flags.login === "string" ? flags.login : undefined;
  const apiKey = apiKeyOf(flags, io);
  const client = clientFor(apiKey, flags, io, state);
  const output = (flags.output as CommandContext["output"] | undefined) ?? (io.stdout.isTTY ? command.outputs[0]! : "json");
  const ctx: CommandContext = { client, flags, userId, io, output, signal: state.signal, status: state.status, secrets: [apiKey] };
  try {
    await handlers[command.name]!(ctx);
  } catch (error) {
    if (error instanceof EcgridValidationError) {
      throw new UsageError(error.issues.map((i) => `${nameOf(command, i.path, ctx)}: ${i.message}`).join("\n"), `See 'ecgrid-users ${command.name} --help'.`);
    }
    throw error;
  }
  return EXIT.ok;
}

/** What the user set that a request field came from, for messages: a flag, the argument, or the prompt. */
function nameOf(command: CommandDef, field: string, ctx: CommandContext): string {
  if (field === "userId") return "<user-id>";
  if ((field === "password" || field === "newPassword") && ctx.passwordFrom !== undefined) return ctx.passwordFrom;
  const def = command.flags.find((f) => f.field === field);
  return def ? `--${def.name}` : field === "" ? "request" : field;
}

/** The API key, from --api-key-file or ECGRID_API_KEY. */
function apiKeyOf(flags: Flags, io: CliIo): string {
  const keyFile = flags["api-key-file"];
  let apiKey = io.env.ECGRID_API_KEY;
  if (typeof keyFile === "string") {
    try {
      apiKey = readFileSync(keyFile, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      // The path is not repeated: a key pasted where its file's path belongs would be printed.
      throw new UsageError(`--api-key-file: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
  }
  if (!apiKey) throw new UsageError("no API key: set ECGRID_API_KEY, or pass --api-key-file <path>.");
  return apiKey;
}

function clientFor(apiKey: string, flags: Flags, io: CliIo, state: RunState): EcgridClient {
  const baseUrl = typeof flags["base-url"] === "string" ? flags["base-url"] : io.env.ECGRID_BASE_URL || undefined;
  const onAttempt = flags.verbose === true ? (e: AttemptEvent) => io.stderr.write(`${printable(describeAttempt(e))}\n`) : undefined;
  try {
    return createEcgridClient({ apiKey, baseUrl, onAttempt });
  } catch (error) {
    if (!isEcgridError(error)) throw error;
    // Name what the user set, not the client option behind it.
    const { keySource, urlSource } = state.context;
    throw new UsageError(/^(The|No) ECGrid API key/.test(error.message) ? `${keySource}: ${error.message}` : error.message.replace(/\bbaseUrl\b/g, urlSource));
  }
}

/** One line per attempt: method, URL, attempt, outcome, time. Never a header or a body. */
function describeAttempt(e: AttemptEvent): string {
  if (e.recovery !== undefined) {
    const verdicts = { found: "it had been created", absent: "it had not been created", unresolved: "could not tell" };
    return `> looked up the login after create attempt ${e.attempt} failed: ${verdicts[e.recovery]} (${e.durationMs} ms)`;
  }
  const outcome = e.status !== undefined ? `HTTP ${e.status}` : (e.error ?? "failed");
  const retry = e.retryInMs !== undefined ? `, retrying in ${e.retryInMs} ms` : "";
  return `> ${e.method} ${e.url} (attempt ${e.attempt}): ${outcome} in ${e.durationMs} ms${retry}`;
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
  // A closed pipe can still report itself after the command ends, on stdout or stderr (its
  // reader gone, `2>&1 | head`): that is no error either.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
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
