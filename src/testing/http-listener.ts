/**
 * `fake.listen()`: the fake over HTTP on a loopback port, in Node. Reads no WHATWG Request or
 * Response (they cost more than the fake's own work), and imports node:http only when called,
 * so the rest of the fake runs wherever fetch does.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { errorAnswer } from "./answers.js";
import type { IncomingRequest, Outcome } from "./pipeline.js";
import type { FakeServer, ListenOptions } from "./types.js";

/** The largest body the fake reads: ECGrid's bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

const pathOf = (url: string): string => {
  const path = url.startsWith("/") ? url : new URL(url).pathname;
  const query = path.indexOf("?");
  return query === -1 ? path : path.slice(0, query);
};

/** Serves `handle` over HTTP on `options.host` (127.0.0.1) and `options.port` (a free one); rejects when the port cannot be bound. */
export async function listenHttp(handle: (request: IncomingRequest) => Outcome, options: ListenOptions = {}): Promise<FakeServer> {
  const { port = 0, host = "127.0.0.1" } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`listen: port must be a whole number from 0 to 65535, not ${String(port)}.`);
  const { createServer } = await import("node:http");
  const stalled = new Set<ServerResponse>();

  const respond = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const outcome = handle({
      method: req.method ?? "GET",
      pathname: pathOf(req.url ?? "/"),
      header: (name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(", ") : value;
      },
      body,
    });
    if (outcome.kind === "reset") return void req.socket.destroy();
    if (outcome.kind === "stall") {
      stalled.add(res);
      res.once("close", () => stalled.delete(res));
      return;
    }
    const { answer } = outcome;
    res.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(answer.body), ...answer.headers });
    res.end(answer.body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        const answer = errorAnswer(400, "InvalidParameter", `the request body is larger than ${MAX_BODY_BYTES} bytes`);
        res.writeHead(answer.status, { "content-type": "application/json", connection: "close" });
        return void res.end(answer.body);
      }
      respond(req, res, chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8"));
    });
  });

  // Idle connections stay open longer than clients keep them (undici 4 s, Node's agent with its
  // own timeout), as ASP.NET's Kestrel does (130 s): a server that closes first races the client's
  // next request on that socket, and a non-idempotent one then fails for no reason of the test's.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const res of stalled) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
