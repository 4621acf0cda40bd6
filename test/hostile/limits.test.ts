import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridError, EcgridTimeoutError } from "../../src/index.js";
import { SECRET_KEY } from "../support/fake-fetch.js";
import { eventually, flood, HostileServer } from "./server.js";
import { settle, WAYS } from "./ways.js";

const MiB = 2 ** 20;

// Node 20's fetch stops passing an abort on to the download once the Request is garbage-collected,
// so the tests collect garbage while the call runs.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const chunk = Buffer.alloc(64 * 1024, "x");

describe.each(WAYS)("on $name, a hostile answer cannot take the process down", (way) => {
  it("a 600 MB body is cut off past maxResponseBytes (32 MiB by default) and rejects with an EcgridApiError", async () => {
    let written: Promise<number> | undefined;
    const server = await HostileServer.start((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,"data":"');
      written = flood(res, chunk, 600 * MiB);
    });
    try {
      const result = await settle(way.client(server.url, { maxRetries: 0 }).users.list());
      expect("error" in result && result.error).toBeInstanceOf(EcgridApiError);
      const error = (result as { error: EcgridApiError }).error;
      expect(error.status).toBe(200);
      expect(error.message).toBe("HTTP 200 OK: the response body exceeded maxResponseBytes (33554432 bytes); the request was aborted");
      // The connection was closed, so the server stopped well short of 600 MB.
      expect(await written).toBeLessThan(100 * MiB);
    } finally {
      await server.close();
    }
  });

  it("the limit is per call too, and a body just under it comes back whole", async () => {
    const server = await HostileServer.start((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: true, data: [{ userId: 1, note: "z".repeat(1000) }] }));
    });
    try {
      const client = way.client(server.url, { maxRetries: 0, maxResponseBytes: 2048 });
      expect(await client.users.list()).toHaveLength(1);
      const result = await settle(client.users.list({}, { maxResponseBytes: 512 }));
      expect((result as { error: Error }).error.message).toMatch(/exceeded maxResponseBytes \(512 bytes\)/);
    } finally {
      await server.close();
    }
  });

  it("a timed-out attempt closes its connection, and the download stops", async () => {
    let written: Promise<number> | undefined;
    const server = await HostileServer.start((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,"data":[');
      // Slow enough never to finish in time, fast enough to be a download worth stopping.
      written = new Promise((resolve) => {
        let bytes = 0;
        server.every(5, () => {
          if (res.destroyed) {
            resolve(bytes);
            return false;
          }
          bytes += chunk.length;
          res.write(chunk);
          return true;
        });
      });
    });
    try {
      const collecting = setInterval(gc, 50);
      const result = await settle(way.client(server.url, { maxRetries: 0, timeoutMs: 300, maxResponseBytes: 256 * MiB }).users.list()).finally(() => clearInterval(collecting));
      expect("error" in result && result.error).toBeInstanceOf(EcgridTimeoutError);
      expect(await eventually(() => server.open === 0, 2000)).toBe(true);
      const total = await written;
      expect(total).toBeLessThan(64 * MiB);
    } finally {
      await server.close();
    }
  });

  it("an aborted call closes its connection", async () => {
    const server = await HostileServer.start((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,"data":[');
    });
    try {
      const controller = new AbortController();
      const call = settle(way.client(server.url, { maxRetries: 0 }).users.list({}, { signal: controller.signal }));
      await eventually(() => server.seen.length === 1);
      gc();
      await new Promise((r) => setTimeout(r, 20));
      gc();
      controller.abort(new Error("stop"));
      expect(await call).toEqual({ error: new Error("stop") });
      expect(await eventually(() => server.open === 0, 2000)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("a gzip bomb through the fetch option", () => {
  // 256 MiB of zeros, 256 KB on the wire: counted on the decoded bytes, it trips the limit.
  const bomb = gzipSync(Buffer.alloc(256 * MiB));

  it("is cut off at maxResponseBytes of decoded body, without holding it in memory", async () => {
    const server = await HostileServer.start((_, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(bomb.length) });
      res.end(bomb);
    });
    try {
      const before = process.memoryUsage().rss;
      const result = await settle(WAYS[1]!.client(server.url, { maxRetries: 0 }).users.list());
      expect((result as { error: Error }).error.message).toMatch(/exceeded maxResponseBytes \(33554432 bytes\)/);
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
    } finally {
      await server.close();
    }
  });
});

describe("time and size limits that could not work are refused at once", () => {
  it.each([
    // Above 2^31-1 a timer fires at once: refused, not capped.
    [{ timeoutMs: 2 ** 31 }, "timeoutMs must be a number of milliseconds above 0 and at most 2147483647."],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, "timeoutMs must be a number of milliseconds above 0 and at most 2147483647."],
    [{ maxResponseBytes: 0 }, "maxResponseBytes must be a whole number of bytes from 1 to 268435456."],
    [{ maxResponseBytes: 2 ** 30 }, "maxResponseBytes must be a whole number of bytes from 1 to 268435456."],
  ])("%j", (options, message) => {
    expect(() => createEcgridClient({ apiKey: SECRET_KEY, ...options })).toThrow(new EcgridError(message));
  });

  it("per call as well, before anything is sent", async () => {
    const seen: Request[] = [];
    const client = createEcgridClient({ apiKey: SECRET_KEY, fetch: async (r) => (seen.push(r), new Response("{}")) });
    await expect(client.users.list({}, { timeoutMs: 2 ** 31 })).rejects.toThrow(/timeoutMs must be a number of milliseconds above 0 and at most 2147483647/);
    expect(seen).toHaveLength(0);
  });
});
