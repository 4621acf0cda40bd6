import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as the hostile server received it, body read. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What the server does with one request, once its body has been read. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

/**
 * An HTTP server on 127.0.0.1 that misbehaves as each test tells it to. It records every request
 * and tracks its sockets, so a test can prove that the client closed a connection. `close()`
 * drops every socket and clears the timers the behaviours started through `every`.
 */
export class HostileServer {
  readonly seen: Seen[] = [];
  /** Sockets the server has accepted, and how many of them are closed. */
  readonly sockets: Socket[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(behaviour: Behaviour): Promise<HostileServer> {
    let hostile: HostileServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        hostile?.seen.push(seen);
        behaviour(req, res, seen);
      });
    });
    server.on("connection", (socket) => hostile?.sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    hostile = new HostileServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return hostile;
  }

  /**
   * Sockets that carried a request and are still open. (undici may open a spare connection after
   * an abort, which carries nothing and closes on its own idle timeout: it is not counted.)
   */
  get open(): number {
    return this.sockets.filter((s) => !s.destroyed && s.bytesRead > 0).length;
  }

  /** Runs `tick` every `ms` until it returns false or the server closes. */
  every(ms: number, tick: () => boolean): void {
    const timer = setInterval(() => {
      if (!tick()) {
        clearInterval(timer);
        this.timers.delete(timer);
      }
    }, ms);
    this.timers.add(timer);
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Sends a JSON body (a string is sent as it is). */
export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** Writes `chunk` over and over until the client goes away or `max` bytes are out; resolves to the bytes written. */
export function flood(res: ServerResponse, chunk: Buffer, max: number): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    const done = () => resolve(written);
    res.on("close", done);
    const pump = () => {
      while (!res.destroyed && written < max) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (written >= max) res.end();
    };
    pump();
  });
}

/** Polls `condition` every 10 ms for up to `ms`; resolves to whether it held. */
export async function eventually(condition: () => boolean, ms = 2000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return condition();
}
