import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEcgridClient, EcgridNetworkError } from "../../src/index.js";
import { SECRET_KEY } from "../support/fake-fetch.js";

// The built-in Node transport over TLS, against a server whose certificate no CA signed.
let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ecgrid-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ success: true, data: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("HTTPS on the Node transport", () => {
  it("refuses a certificate that no trusted CA signed", async () => {
    const error = await createEcgridClient({ apiKey: SECRET_KEY, baseUrl: url, maxRetries: 0 }).users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as Error).message).toMatch(/self[- ]signed certificate/i);
  });

  it("accepts it once trusted through NODE_EXTRA_CA_CERTS", async () => {
    const script = `import { createEcgridClient } from "ecgrid-users"; console.log(JSON.stringify(await createEcgridClient({ apiKey: "k", baseUrl: "${url}" }).users.list()));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { env: { PATH: process.env.PATH ?? "", NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") } });
    expect(stdout.trim()).toBe("[]");
  });
});
