import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FetchLike } from "../../src/index.js";

/**
 * Serves fake fetch handlers over real HTTP on 127.0.0.1, so that the client's Node transport
 * meets the same scenarios as an injected fetch: each handler gets a Request as if sent to
 * https://api.test, a rejected handler drops the connection, and a body stream that stalls or
 * breaks does so on the socket.
 */
export class HttpBridge {
  private readonly routes = new Map<string, FetchLike>();
  private next = 0;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<HttpBridge> {
    let bridge: HttpBridge | undefined;
    const server = createServer((req, res) => void bridge?.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    bridge = new HttpBridge(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return bridge;
  }

  /** The base URL under which `handler` answers. */
  route(handler: FetchLike): string {
    const prefix = `/f${++this.next}`;
    this.routes.set(prefix, handler);
    return `${this.origin}${prefix}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): Promise<void> {
    const [, prefix = "", ...rest] = (req.url ?? "").split("/");
    const handler = this.routes.get(`/${prefix}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const gone = new AbortController();
    res.on("close", () => gone.abort(new Error("client went away")));
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`https://api.test/${rest.join("/")}`, { method: req.method ?? "GET", headers, body: chunks.length ? Buffer.concat(chunks) : null, signal: gone.signal });
    let response: Response;
    try {
      response = await handler(request);
    } catch {
      // The handler plays a network failure: drop the connection before any header.
      return void req.socket.destroy();
    }
    if (gone.signal.aborted) return;
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    res.writeHead(response.status, response.statusText, out);
    if (!response.body) return void res.end();
    const reader = response.body.getReader();
    gone.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true });
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) res.write(r.value);
      res.end();
    } catch {
      // The body broke off: so does the connection.
      res.destroy();
    }
  }
}
