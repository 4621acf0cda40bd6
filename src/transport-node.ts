import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Transport, WireHeaders, WireRequest, WireResponse } from "./transport.js";

/**
 * How the transport reports a body past `maxResponseBytes`: given by transport.ts, so that this
 * module imports nothing of the client at run time and ships as a file of its own.
 */
export type RefuseTooLarge = (status: number, statusText: string, headers: WireHeaders, limit: number) => Error;

/**
 * How long a connection may sit idle in the pool. Servers and load balancers drop idle
 * connections, many after 4 to 60 s, and a request sent on one they dropped fails. So an idle
 * socket is closed before the shortest common limit, or one second before the limit the server
 * announces in `Keep-Alive: timeout=N` (Node's agent reads it), whichever comes first. A server
 * that drops connections sooner, unannounced, can still race a request: a request that may be
 * sent twice is then sent again at once; a create is looked up (safe create); others fail.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 3_000;

// One pool per protocol for the whole process: connections are reused across clients and calls.
const agents = {
  "http:": new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS }),
  "https:": new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS }),
};

function wireHeaders(headers: IncomingHttpHeaders): WireHeaders {
  const value = (v: string | string[] | undefined) => (v === undefined ? null : Array.isArray(v) ? v.join(", ") : v);
  return {
    get: (name) => value(headers[name.toLowerCase()]),
    forEach: (callback) => {
      for (const [name, v] of Object.entries(headers)) {
        const joined = value(v);
        if (joined !== null) callback(joined, name);
      }
    },
  };
}

/** A pooled connection failed before any byte of an answer: maybe stale, maybe not. */
class StaleConnection extends Error {}

/**
 * Node's http and https with keep-alive. Certificates are checked as Node does by default
 * (its CA store, plus NODE_EXTRA_CA_CERTS). It does not read HTTPS_PROXY: see the README.
 * Node's http never follows a redirect.
 *
 * A pooled connection that the server closed while it sat idle fails the next request sent on
 * it, before any byte of an answer. That failure looks exactly like a server that read the
 * request and then dropped the connection, so only a request that may be sent twice is sent once
 * more, at once, on a new connection. Any other failure is reported as it is.
 */
export function createNodeTransport(refuse: RefuseTooLarge): Transport {
  return (request) =>
    exchange(request, true, refuse).catch((error: unknown) => {
      if (!(error instanceof StaleConnection)) throw error;
      // The transport's own error, as it would be without this path.
      if (!request.idempotent || request.signal.aborted) throw error.cause;
      return exchange(request, false, refuse);
    });
}

function exchange({ method, url, headers, body, signal, maxResponseBytes }: WireRequest, pooled: boolean, refuse: RefuseTooLarge): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    // A fresh connection, closed after the answer, for the one re-send after a stale one.
    const agent = pooled ? agents[target.protocol as keyof typeof agents] : false;
    let answered = false;
    let req: ClientRequest;
    const fail = (error: unknown) => {
      req.destroy();
      reject(error);
    };
    req = send(target, { method, agent, signal, headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let received = 0;
      const status = res.statusCode ?? 0;
      // Every listener guards itself: a throw inside a stream listener would be uncaught.
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxResponseBytes) return fail(refuse(status, res.statusMessage ?? "", wireHeaders(res.headers), maxResponseBytes));
        chunks.push(chunk);
      });
      res.on("end", () => {
        if (!res.complete) return fail(new Error("the connection closed before the end of the body"));
        try {
          resolve({ status, statusText: res.statusMessage ?? "", headers: wireHeaders(res.headers), body: Buffer.concat(chunks).toString("utf8") });
        } catch (error) {
          fail(error);
        }
      });
      res.on("error", fail);
      res.on("aborted", () => fail(new Error("the connection closed before the end of the body")));
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      const stale = pooled && req.reusedSocket && !answered && (error.code === "ECONNRESET" || error.code === "EPIPE");
      reject(stale ? new StaleConnection("a pooled connection failed before any answer", { cause: error }) : error);
    });
    req.end(body);
  });
}
