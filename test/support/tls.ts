import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** An https server on 127.0.0.1 whose self-signed certificate no CA signed. */
export interface TlsServer {
  url: string;
  /** The certificate, PEM: trust it through NODE_EXTRA_CA_CERTS or a dispatcher's `ca`. */
  certPath: string;
  cert: Buffer;
  close(): Promise<void>;
}

/** Starts an https server with a fresh self-signed certificate for 127.0.0.1 (made by openssl). */
export async function tlsServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TlsServer> {
  const dir = mkdtempSync(join(tmpdir(), "ecgrid-tls-"));
  const certPath = join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", certPath], { stdio: "ignore" });
  const cert = readFileSync(certPath);
  const server: Server = createServer({ key: readFileSync(join(dir, "key.pem")), cert }, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certPath,
    cert,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
