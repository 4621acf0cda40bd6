import { createInterface } from "node:readline";
import type { ReadStream } from "node:tty";
import { UsageError } from "./usage-error.js";

/** Reads all of stdin and drops one trailing line break, as `printf '%s\n' "$PW" |` adds it. */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Prompts on the terminal without echoing what is typed. Ctrl-C rejects with an error named "Cancelled". */
export function promptPassword(stdin: ReadStream, stderr: NodeJS.WritableStream, prompt = "Password: "): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = "";
    // Echo goes off before the prompt shows, so nothing typed once it is visible can be echoed.
    stdin.setRawMode(true);
    stderr.write(prompt);
    stdin.resume();
    stdin.setEncoding("utf8");
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return finish();
        if (ch === "\u0003") return finish(Object.assign(new Error("Cancelled"), { name: "Cancelled" }));
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on("data", onData);
  });
}

/**
 * Prompts twice on the terminal, with no echo, and refuses a mismatch: a typo in a password
 * nobody can see would lock its user out.
 */
export async function promptNewPassword(stdin: ReadStream, stderr: NodeJS.WritableStream): Promise<string> {
  const first = await promptPassword(stdin, stderr, "Password: ");
  const again = await promptPassword(stdin, stderr, "Password (again): ");
  if (first !== again) throw new UsageError("the two passwords typed do not match; nothing was sent.", "Run the command again.");
  return first;
}

/** Asks a yes/no question on the terminal; only "y" or "yes" is a yes. */
export async function confirm(stdin: ReadStream, stderr: NodeJS.WritableStream, question: string): Promise<boolean> {
  const lines = createInterface({ input: stdin, output: stderr, terminal: false });
  try {
    stderr.write(`${question} [y/N] `);
    const answer = await new Promise<string>((resolve) => {
      lines.once("line", resolve);
      lines.once("close", () => resolve(""));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
  }
}
