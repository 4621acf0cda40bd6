import type { ReadStream } from "node:tty";
import type { CreateUserInput, EcgridClient, ListUsersInput, User } from "../index.js";
import type { Flags } from "./args.js";
import type { OutputFormat } from "./definitions.js";
import { formatUser, UserWriter, type StatusLine } from "./output.js";
import { confirm, promptNewPassword, readPasswordFromStdin } from "./password.js";
import { printable, terminalSafeJson } from "./terminal.js";
import { UsageError } from "./usage-error.js";

/** Where the command line reads and writes; the real process by default, replaceable in tests. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** What a command runs with. */
export interface CommandContext {
  client: EcgridClient;
  flags: Flags;
  userId: number | undefined;
  io: CliIo;
  output: OutputFormat;
  /** Aborts the command's requests: the reader of stdout went away. */
  signal: AbortSignal;
  status: StatusLine;
  /** Set by a command that read a password: how a message about it should name it. */
  passwordFrom?: "--password-stdin" | "password";
}

/** The user answered no to a confirmation: exit code 1, nothing sent. */
export class Declined extends Error {}

const str = (value: Flags[string]) => (typeof value === "string" ? value : undefined);
const int = (value: Flags[string]) => (typeof value === "string" ? Number(value) : undefined);

/** Only the fields the user gave: the server applies its own defaults. */
function given<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

const out = (ctx: CommandContext, text: string): void => void ctx.io.stdout.write(`${text}\n`);
const showUser = (ctx: CommandContext, user: User) => out(ctx, formatUser(user, ctx.output === "json" ? "json" : "table"));
const showUsers = (ctx: CommandContext, users: readonly User[]) => {
  const writer = new UserWriter(ctx.output, (text) => ctx.io.stdout.write(text));
  writer.add(users);
  writer.end();
};
/** A `true` result: a sentence for people, `true` for programs. */
const showDone = (ctx: CommandContext, sentence: string) => out(ctx, ctx.output === "json" ? "true" : sentence);
/** A secret the user asked for: to stdout only, alone on its line (or as a JSON string). */
const showSecret = (ctx: CommandContext, secret: string) => out(ctx, ctx.output === "json" ? terminalSafeJson(secret) : printable(secret));

/** A new password from stdin (`--password-stdin`) or, on a terminal, typed twice with no echo. */
async function newPassword(ctx: CommandContext): Promise<string> {
  if (ctx.flags["password-stdin"] === true) {
    ctx.passwordFrom = "--password-stdin";
    return readPasswordFromStdin(ctx.io.stdin);
  }
  if (ctx.io.stdin.isTTY) {
    ctx.passwordFrom = "password";
    return promptNewPassword(ctx.io.stdin as ReadStream, ctx.io.stderr);
  }
  throw new UsageError("a password is needed, and stdin is not a terminal, so there is no prompt.", "Pipe it with --password-stdin: printf '%s\\n' \"$PASSWORD\" | ecgrid-users … --password-stdin");
}

/**
 * Asks before an operation that cannot be undone. Without a terminal there is no one to ask:
 * it is refused unless `--yes` says so.
 */
async function confirmOrRefuse(ctx: CommandContext, what: string): Promise<void> {
  if (ctx.flags.yes === true) return;
  if (!ctx.io.stdin.isTTY) throw new UsageError(`refusing to ${what} without confirmation: stdin is not a terminal, so there is no one to ask.`, "Add --yes to confirm it.");
  if (!(await confirm(ctx.io.stdin as ReadStream, ctx.io.stderr, `${what[0]!.toUpperCase()}${what.slice(1)}? This cannot be undone.`))) {
    throw new Declined("not confirmed: nothing was sent.");
  }
}

/** Each command's work, by name. The flags and the user id are already checked. */
export const handlers: Readonly<Record<string, (ctx: CommandContext) => Promise<void>>> = {
  async create(ctx) {
    const { flags } = ctx;
    if (flags.login === undefined) throw new UsageError("--login is required.");
    if (flags.email === undefined) throw new UsageError("--email is required.");
    const password = await newPassword(ctx);
    const input = given({
      login: str(flags.login),
      email: str(flags.email),
      password,
      firstName: str(flags["first-name"]),
      lastName: str(flags["last-name"]),
      networkId: int(flags["network-id"]),
      mailboxId: int(flags["mailbox-id"]),
      authLevel: str(flags["auth-level"]),
    }) as CreateUserInput;
    showUser(ctx, await ctx.client.users.create(input, { signal: ctx.signal }));
  },

  async list(ctx) {
    const { flags, client, signal } = ctx;
    if (flags.all === true && flags.page !== undefined) throw new UsageError("--all and --page cannot be used together: --all fetches every page.");
    const filters = given({
      networkId: int(flags["network-id"]),
      mailboxId: int(flags["mailbox-id"]),
      authLevel: str(flags["auth-level"]),
      status: str(flags.status),
      recordsPerPage: int(flags["per-page"]),
    }) as ListUsersInput;
    if (flags.all !== true) return showUsers(ctx, await client.users.list(given({ ...filters, pageNo: int(flags.page) }) as ListUsersInput, { signal }));
    const writer = new UserWriter(ctx.output, (text) => ctx.io.stdout.write(text));
    let pages = 0;
    let users = 0;
    for await (const page of client.users.listAll(filters, { signal }).pages()) {
      writer.add(page);
      pages++;
      users += page.length;
      ctx.status.show(`page ${pages}, ${users} users so far`);
    }
    ctx.status.done(`page ${pages}, ${users} users: done`);
    writer.end();
  },

  async get(ctx) {
    const login = str(ctx.flags.login);
    if ((login === undefined) === (ctx.userId === undefined)) throw new UsageError("give a user id or --login, not both and not neither: ecgrid-users get 1042, or ecgrid-users get --login jsmith.");
    if (login !== undefined) return showUsers(ctx, await ctx.client.users.getByLogin(login, { signal: ctx.signal }));
    const user = await ctx.client.users.get(ctx.userId!, { signal: ctx.signal });
    return ctx.output === "table" || ctx.output === "json" ? showUser(ctx, user) : showUsers(ctx, [user]);
  },

  async whoami(ctx) {
    showUser(ctx, await ctx.client.users.me({ signal: ctx.signal }));
  },

  async update(ctx) {
    const fields = given({ email: str(ctx.flags.email), firstName: str(ctx.flags["first-name"]), lastName: str(ctx.flags["last-name"]) });
    if (Object.keys(fields).length === 0) throw new UsageError("nothing to change: give --email, --first-name or --last-name.");
    showUser(ctx, await ctx.client.users.update({ userId: ctx.userId!, ...fields }, { signal: ctx.signal }));
  },

  async "set-role"(ctx) {
    const authLevel = str(ctx.flags["auth-level"]);
    if (authLevel === undefined) throw new UsageError("--auth-level is required.");
    const scope = given({ networkId: int(ctx.flags["network-id"]), mailboxId: int(ctx.flags["mailbox-id"]) });
    showUser(ctx, await ctx.client.users.setRole({ userId: ctx.userId!, authLevel: authLevel as "General", ...scope }, { signal: ctx.signal }));
  },

  async "set-network-mailbox"(ctx) {
    const target = given({ networkId: int(ctx.flags["network-id"]), mailboxId: int(ctx.flags["mailbox-id"]) });
    if (Object.keys(target).length === 0) throw new UsageError("nothing to change: give --network-id, --mailbox-id or both.");
    showUser(ctx, await ctx.client.users.setNetworkMailbox({ userId: ctx.userId!, ...target }, { signal: ctx.signal }));
  },

  async "set-password"(ctx) {
    const password = await newPassword(ctx);
    await ctx.client.users.setPassword({ userId: ctx.userId!, newPassword: password }, { signal: ctx.signal });
    showDone(ctx, `Password of user ${ctx.userId} set.`);
  },

  async "generate-password"(ctx) {
    const length = int(ctx.flags.length);
    showSecret(ctx, await ctx.client.users.generatePassword(length === undefined ? {} : { length }, { signal: ctx.signal }));
  },

  async terminate(ctx) {
    await confirmOrRefuse(ctx, `terminate user ${ctx.userId}`);
    await ctx.client.users.terminate(ctx.userId!, { signal: ctx.signal });
    showDone(ctx, `User ${ctx.userId} terminated.`);
  },

  async "reset-sessions"(ctx) {
    await ctx.client.users.resetSessions(ctx.userId!, { signal: ctx.signal });
    showDone(ctx, `Sessions of user ${ctx.userId} invalidated.`);
  },

  async "send-sms"(ctx) {
    const message = str(ctx.flags.message);
    if (message === undefined) throw new UsageError("--message is required.");
    await ctx.client.users.sendSms({ userId: ctx.userId!, message }, { signal: ctx.signal });
    showDone(ctx, `Message sent to user ${ctx.userId}.`);
  },

  async "update-config"(ctx) {
    const fields: Record<string, unknown> = {};
    for (const [flag, parse] of [
      ["set", (v: string) => v],
      ["set-json", (v: string) => JSON.parse(v) as unknown],
    ] as const) {
      for (const pair of (ctx.flags[flag] as string[] | undefined) ?? []) {
        const at = pair.indexOf("=");
        if (at < 1) throw new UsageError(`--${flag} takes name=value, such as --${flag} ${flag === "set" ? "cellCarrier=Verizon" : "notify=true"}.`);
        const name = pair.slice(0, at);
        if (name === "userId") throw new UsageError(`--${flag} cannot set userId: the user id is the command's argument.`);
        try {
          fields[name] = parse(pair.slice(at + 1));
        } catch {
          throw new UsageError(`--set-json ${name}: the value is not JSON (use --set for a plain string).`);
        }
      }
    }
    if (Object.keys(fields).length === 0) throw new UsageError("nothing to change: give --set name=value or --set-json name=json.");
    await ctx.client.users.updateConfig({ userId: ctx.userId!, ...fields }, { signal: ctx.signal });
    showDone(ctx, `Configuration of user ${ctx.userId} updated.`);
  },

  async "api-key"(ctx) {
    if (ctx.flags.generate !== true) return showSecret(ctx, await ctx.client.users.getApiKey(ctx.userId!, { signal: ctx.signal }));
    await confirmOrRefuse(ctx, `replace the API key of user ${ctx.userId} (the old key stops working at once)`);
    showSecret(ctx, await ctx.client.users.generateApiKey(ctx.userId!, { signal: ctx.signal }));
  },
};
