import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, Socket, type AddressInfo, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { createEcgridClient } from "../../src/index.js";
import { SECRET_KEY, user, validCreate } from "../support/fake-fetch.js";

const listen = async <S extends Server | HttpServer>(server: S): Promise<S & { port: number }> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
};
const stop = (server: Server | HttpServer, sockets: Iterable<Socket>) => {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(resolve));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Just enough of ECGrid for a create and the lookups a safe create makes: Create User stores,
 * List Users, Get User by Name and Get Me read. `creates` counts the creates applied.
 */
function usersBackend() {
  const stored: Record<string, unknown>[] = [];
  return {
    creates: () => stored.length,
    answer(method: string, path: string, body: string): string {
      const input = body === "" ? {} : (JSON.parse(body) as { login?: string; email?: string });
      if (path === "/v2/users/by-name") return JSON.stringify({ success: true, data: stored.filter((u) => u.login === input.login) });
      if (path === "/v2/users/me") return JSON.stringify({ success: true, data: user(1, { networkId: 1 }) });
      if (path === "/v2/users/list") return JSON.stringify({ success: true, data: stored });
      const created = user(stored.length + 100, { login: input.login, email: input.email, networkId: 1 });
      if (method === "POST" && path === "/v2/users") stored.push(created);
      return JSON.stringify({ success: true, data: created });
    },
  };
}

/**
 * An ECGrid stand-in behind a load balancer that forgets connections idle for `idleMs`, without
 * telling the client: the next packet on a forgotten connection is answered with a reset, and
 * never reaches the server. Counts the creates the server applied.
 */
async function behindForgetfulBalancer(idleMs: number) {
  const users = usersBackend();
  const backend = await listen(
    createHttpServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(users.answer(req.method ?? "", req.url ?? "", body));
      });
    }),
  );
  backend.keepAliveTimeout = 60_000;
  const sockets = new Set<Socket>();
  let resets = 0;
  const balancer = await listen(
    createServer((client) => {
      sockets.add(client);
      const upstream = new Socket();
      sockets.add(upstream);
      upstream.connect(backend.port, "127.0.0.1");
      let last = Date.now();
      client.on("data", (data: Buffer) => {
        if (Date.now() - last >= idleMs) {
          resets++;
          client.resetAndDestroy();
          upstream.destroy();
          return;
        }
        last = Date.now();
        upstream.write(data);
      });
      upstream.on("data", (data: Buffer) => {
        last = Date.now();
        client.write(data);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", close).on("close", close);
      upstream.on("error", close).on("close", close);
    }),
  );
  return {
    url: `http://127.0.0.1:${balancer.port}`,
    creates: users.creates,
    resets: () => resets,
    close: async () => {
      await stop(balancer, sockets);
      await stop(backend, []);
      backend.closeAllConnections();
    },
  };
}

/**
 * A minimal HTTP/1.1 server that closes each connection exactly `idleMs` after its last answer,
 * and announces no `Keep-Alive: timeout`: the race a client meets at a server's idle timeout.
 */
async function closingAtItsTimeout(idleMs: number) {
  const users = usersBackend();
  const sockets = new Set<Socket>();
  const server = await listen(
    createServer((socket) => {
      sockets.add(socket);
      let buffered = Buffer.alloc(0);
      let idle: NodeJS.Timeout | undefined;
      socket.on("error", () => {});
      socket.on("close", () => clearTimeout(idle));
      socket.on("data", (data: Buffer) => {
        clearTimeout(idle);
        buffered = Buffer.concat([buffered, data]);
        const end = buffered.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString();
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const [method = "", path = ""] = head.split(" ");
        const body = users.answer(method, path, buffered.subarray(end + 4, end + 4 + length).toString());
        buffered = buffered.subarray(end + 4 + length);
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        idle = setTimeout(() => socket.destroy(), idleMs);
      });
    }),
  );
  return { url: `http://127.0.0.1:${server.port}`, creates: users.creates, close: () => stop(server, sockets) };
}

describe("pooled connections that a server or a balancer dropped while idle (Node transport)", () => {
  it("a balancer that forgets connections after 4 s: creates after 4.5 s idle all succeed, each applied once, on a new connection", { timeout: 20_000 }, async () => {
    const balancers = await Promise.all([1, 2, 3].map(() => behindForgetfulBalancer(4_000)));
    try {
      const results = await Promise.all(
        balancers.map(async (balancer) => {
          // No retry and no safe create: the idle socket must simply not be reused.
          const ecgrid = createEcgridClient({ apiKey: SECRET_KEY, baseUrl: balancer.url, maxRetries: 0, safeCreate: false });
          await ecgrid.users.create(validCreate);
          await sleep(4_500);
          return ecgrid.users.create(validCreate).then(
            () => "ok",
            (e: Error) => e.message,
          );
        }),
      );
      expect(results).toEqual(["ok", "ok", "ok"]);
      expect(balancers.map((b) => b.creates())).toEqual([2, 2, 2]);
      expect(balancers.map((b) => b.resets())).toEqual([0, 0, 0]);
    } finally {
      await Promise.all(balancers.map((b) => b.close()));
    }
  });

  it("a balancer that forgets connections sooner than the pool expires them: a list is sent again at once, a create is looked up and sent again, each applied once", async () => {
    const balancer = await behindForgetfulBalancer(200);
    try {
      const ecgrid = createEcgridClient({ apiKey: SECRET_KEY, baseUrl: balancer.url });
      const outcomes: string[] = [];
      for (let i = 0; i < 5; i++) {
        outcomes.push(await ecgrid.users.create({ ...validCreate, login: `user${i}` }).then(() => "ok", (e: Error) => e.message));
        await sleep(300);
        outcomes.push(await ecgrid.users.list().then(() => "ok", (e: Error) => e.message));
        await sleep(300);
      }
      expect(outcomes).toEqual(Array.from({ length: 10 }, () => "ok"));
      // The balancer reset stale connections, and no create was applied twice.
      expect(balancer.resets()).toBeGreaterThanOrEqual(1);
      expect(balancer.creates()).toBe(5);
    } finally {
      await balancer.close();
    }
  });

  it("a server that closes idle connections exactly at its timeout: 60 creates sent around that moment, 0 failures, 60 applied", async () => {
    const servers = await Promise.all([1, 2, 3].map(() => closingAtItsTimeout(100)));
    try {
      const failures = await Promise.all(
        servers.map(async (server) => {
          const ecgrid = createEcgridClient({ apiKey: SECRET_KEY, baseUrl: server.url });
          const failed: string[] = [];
          for (let i = 0; i < 20; i++) {
            await ecgrid.users.create({ ...validCreate, login: `user${i}` }).catch((e: Error) => failed.push(e.message));
            await sleep(85 + Math.random() * 30);
          }
          return failed;
        }),
      );
      expect(failures.flat()).toEqual([]);
      expect(servers.map((s) => s.creates())).toEqual([20, 20, 20]);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
