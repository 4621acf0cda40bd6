import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEcgridClient, EcgridNetworkError } from "../../src/index.js";
import { SECRET_KEY } from "../support/fake-fetch.js";
import { tlsServer, type TlsServer } from "../support/tls.js";

// The built-in Node transport over TLS, against a server whose certificate no CA signed.
let server: TlsServer;
let url: string;

beforeAll(async () => {
  server = await tlsServer((_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ success: true, data: [] }));
  });
  url = server.url;
});

afterAll(() => server.close());

describe("HTTPS on the Node transport", () => {
  it("refuses a certificate that no trusted CA signed", async () => {
    const error = await createEcgridClient({ apiKey: SECRET_KEY, baseUrl: url, maxRetries: 0 }).users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as Error).message).toMatch(/self[- ]signed certificate/i);
  });

  it("accepts it once trusted through NODE_EXTRA_CA_CERTS", async () => {
    const script = `import { createEcgridClient } from "ecgrid-users"; console.log(JSON.stringify(await createEcgridClient({ apiKey: "k", baseUrl: "${url}" }).users.list()));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { env: { PATH: process.env.PATH ?? "", NODE_EXTRA_CA_CERTS: server.certPath } });
    expect(stdout.trim()).toBe("[]");
  });
});
