import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Transport, WireHeaders } from "./transport.js";

// One pool per protocol for the whole process: connections are reused across clients and calls.
const agents = {
  "http:": new HttpAgent({ keepAlive: true }),
  "https:": new HttpsAgent({ keepAlive: true }),
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

/**
 * Node's http and https with keep-alive. Certificates are checked as Node does by default
 * (its CA store, plus NODE_EXTRA_CA_CERTS). It does not read HTTPS_PROXY: see the README.
 */
export const nodeTransport: Transport = ({ method, url, headers, body, signal }) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const agent = agents[target.protocol as keyof typeof agents];
    const req = send(target, { method, agent, signal, headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        if (!res.complete) return reject(new Error("the connection closed before the end of the body"));
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: wireHeaders(res.headers), body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("the connection closed before the end of the body")));
    });
    req.on("error", reject);
    req.end(body);
  });
