import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createEcgridClient, EcgridApiError } from "../../src/index.js";
import { createFakeEcgrid, exampleNetwork, type FakeServer } from "../../src/testing/index.js";
import { expectConforming, FAKE_TEST_KEY, specChecked } from "./spec-check.js";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function listen(fake = createFakeEcgrid(), options?: Parameters<typeof fake.listen>[0]) {
  const server = await fake.listen(options);
  servers.push(server);
  return server;
}

describe("fake.listen()", () => {
  it("serves on 127.0.0.1 by default, and the client meets the same fake over HTTP, every answer conforming", async () => {
    const fake = createFakeEcgrid(exampleNetwork());
    const server = await listen(fake);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const checked = specChecked((request) => fetch(request));
    const ecgrid = createEcgridClient({ apiKey: FAKE_TEST_KEY, baseUrl: server.url, fetch: checked.fetch, maxRetries: 0 });
    const created = await ecgrid.users.create({ login: "bkhan", password: "Passw0rd!", email: "bkhan@example.com" });
    expect(await ecgrid.users.listAll({ networkId: 1 }).toArray({ limit: 1000 })).toHaveLength(61);
    await expect(ecgrid.users.create({ login: "bkhan", password: "Passw0rd!", email: "bkhan@example.com" })).rejects.toMatchObject({ errorCode: "DuplicateObject" });
    expect((await ecgrid.raw.POST("/v2/users/role", { body: { userId: created.userId, authLevel: "MailboxAdmin" } })).data?.data.authLevel).toBe("MailboxAdmin");
    expect((await ecgrid.raw.DELETE("/v2/users/{id}", { params: { path: { id: created.userId } } })).data?.data).toBe(true);
    expect(fake.users.find((u) => u.userId === created.userId)?.status).toBe("Terminated");
    expect(fake.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(["createUser 200", "listUsers 200", "listUsers 200", "listUsers 200", "createUser 400", "setRole 200", "terminateUser 200"]);
    expectConforming(checked);
    // The built-in Node transport too.
    const node = createEcgridClient({ apiKey: FAKE_TEST_KEY, baseUrl: server.url, maxRetries: 0 });
    expect(await node.users.list({ status: "Terminated", networkId: 1 })).toContainEqual(expect.objectContaining({ login: "bkhan" }));
  });

  it("shares one state among its servers and fake.fetch", async () => {
    const fake = createFakeEcgrid();
    const [a, b] = [await listen(fake), await listen(fake)];
    const post = (url: string) => fetch(`${url}/v2/users`, { method: "POST", headers: { "x-api-key": "k", "content-type": "application/json" }, body: JSON.stringify({ login: "x", password: "Passw0rd!", email: "x@example.com" }) });
    expect((await post(a.url)).status).toBe(200);
    expect(await (await post(b.url)).json()).toMatchObject({ errorCode: "DuplicateObject" });
    // Unbound, as the issue asks.
    const { fetch: unbound } = fake;
    expect(await (await unbound(`${a.url}/v2/users/by-name`, { method: "POST", headers: { "x-api-key": "k" }, body: '{"login":"x"}' })).json()).toMatchObject({ data: [{ login: "x" }] });
  });

  it("rejects with EADDRINUSE on a port in use, and serves on a port given", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(listen(createFakeEcgrid(), { port })).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const server = await listen(createFakeEcgrid(), { port });
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    await expect(listen(createFakeEcgrid(), { port: 70000 })).rejects.toThrow(/port must be a whole number from 0 to 65535/);
  });

  it("ignores the query, refuses a body over 1 MiB, and answers an unknown path with the envelope", async () => {
    const server = await listen(createFakeEcgrid({ users: [{ login: "a" }] }));
    const headers = { "x-api-key": "k", "content-type": "application/json" };
    expect(await (await fetch(`${server.url}/v2/users/list?pageNo=9`, { method: "POST", headers, body: "{}" })).json()).toMatchObject({ data: [{ login: "a" }] });
    const big = await fetch(`${server.url}/v2/users/list`, { method: "POST", headers, body: JSON.stringify({ pad: "x".repeat(1_100_000) }) });
    expect([big.status, (await big.json()).message]).toEqual([400, "the request body is larger than 1048576 bytes"]);
    const unknown = await fetch(`${server.url}/v3/users`, { headers });
    expect([unknown.status, await unknown.json()]).toEqual([404, { success: false, errorCode: "ObjectNotFound", message: "The API has no operation at GET /v3/users.", data: null }]);
  });

  it("keeps idle connections 65 s, longer than clients keep theirs, so no request races a closing socket", async () => {
    const server = await listen();
    const response = await fetch(`${server.url}/v2/users/me`, { headers: { "x-api-key": "k" } });
    expect(response.headers.get("keep-alive")).toBe("timeout=65");
  });

  it("closes idempotently, and refuses connections afterwards", async () => {
    const server = await listen();
    await Promise.all([server.close(), server.close()]);
    const error = await createEcgridClient({ apiKey: "k", baseUrl: server.url, maxRetries: 0 }).users.list().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(EcgridApiError);
    expect(String(error)).toMatch(/ECONNREFUSED/);
  });
});
