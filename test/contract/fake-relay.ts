import { createServer, request as httpRequest, Agent } from "node:http";
import type { AddressInfo } from "node:net";

/** The header that names the fake a request is for: `http://127.0.0.1:PORT`. */
export const UPSTREAM_HEADER = "x-fake-upstream";
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

/**
 * A relay on 127.0.0.1 that forwards each request to the fake its `x-fake-upstream` header
 * names. One Prism proxy sits in front of it for the whole run, so that every test file can
 * start its own fakes (and call their `failNext`) and still have each exchange validated by
 * Prism (`sl-violations`). A connection the fake drops is dropped here too.
 */
export async function startRelay(): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const upstream = req.headers[UPSTREAM_HEADER];
    if (typeof upstream !== "string" || !LOOPBACK.test(upstream)) {
      res.writeHead(502, { "content-type": "text/plain" });
      return void res.end(`the relay needs an ${UPSTREAM_HEADER} header naming a fake on 127.0.0.1`);
    }
    const forward = httpRequest(`${upstream}${req.url ?? "/"}`, { method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
