import type { ReadStream } from "node:tty";

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
