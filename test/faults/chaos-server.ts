import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the chaos server does with one request. It may answer, stall, drip, or cut the connection. */
export type Fault = (req: IncomingMessage, res: ServerResponse, seen: number) => void;

/** What the server received, per operation. */
export interface Seen {
  list: number;
  create: number;
  /** Status of the first answer to a create, when one was sent. */
  firstCreateStatus: number | undefined;
}

/**
 * An HTTP server on 127.0.0.1 whose behaviour each test sets. Every timer it starts is cleared
 * by `close()`, which also drops every connection, so no scenario outlives its test.
 */
export class ChaosServer {
  fault: Fault = (_, res) => res.end();
  seen: Seen = { list: 0, create: 0, firstCreateStatus: undefined };
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ChaosServer> {
    let chaos: ChaosServer | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => chaos?.handle(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    chaos = new ChaosServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return chaos;
  }

  /** Sets the fault for the next requests and clears the counters. */
  set(fault: Fault): void {
    this.fault = fault;
    this.seen = { list: 0, create: 0, firstCreateStatus: undefined };
  }

  /** A timer that `close()` clears. */
  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const isCreate = req.url === "/v2/users";
    const count = isCreate ? ++this.seen.create : ++this.seen.list;
    if (isCreate && count === 1) {
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((status: number, ...rest: never[]) => {
        this.seen.firstCreateStatus ??= status;
        return writeHead(status, ...rest);
      }) as typeof res.writeHead;
    }
    this.fault(req, res, count);
  }
}

/** Sends a JSON body with a status. */
export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}
