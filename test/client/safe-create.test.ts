import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridError, EcgridNetworkError, type AttemptEvent } from "../../src/index.js";
import { createFakeEcgrid, exampleNetwork } from "../../src/testing/index.js";
import { fail, fakeFetch, ok, SECRET_PASSWORD, testClient, user, validCreate } from "../support/fake-fetch.js";

/**
 * A server that stores the users it creates, and answers Get User by Name and Get Me from them.
 * `onCreate` decides how the nth create goes: answered, applied then dropped, dropped unapplied,
 * or answered with an error status after applying or not.
 */
function directory(onCreate: (n: number) => "ok" | "apply-then-drop" | "drop" | { status: number; apply: boolean }, lookup: (kind: "by-name" | "me") => Response | undefined = () => undefined) {
  const stored: Record<string, unknown>[] = [user(1, { login: "someone", networkId: 1 })];
  let creates = 0;
  const fetch = fakeFetch((request, body) => {
    const path = new URL(request.url).pathname;
    if (path === "/v2/users/by-name") return lookup("by-name") ?? ok(stored.filter((u) => u.login === (body as { login: string }).login));
    if (path === "/v2/users/me") return lookup("me") ?? ok(user(1, { networkId: 1, authLevel: "NetworkAdmin" }));
    const outcome = onCreate(++creates);
    const { login, email, networkId } = body as { login: string; email: string; networkId?: number };
    const apply = () => {
      const created = user(100 + creates, { login, email, networkId: networkId ?? 1, created: new Date().toISOString() });
      stored.push(created);
      return created;
    };
    if (outcome === "ok") return ok(apply());
    if (outcome === "apply-then-drop") {
      apply();
      throw new TypeError("fetch failed: the connection was reset after the server applied the create");
    }
    if (outcome === "drop") throw new TypeError("fetch failed: the connection was reset before the server read the create");
    if (outcome.apply) apply();
    return fail(outcome.status, "InternalError", "oops");
  });
  const applied = () => stored.filter((u) => u.login === validCreate.login);
  return { fetch, applied, paths: () => fetch.requests.map((r) => new URL(r.url).pathname) };
}

const client = (fetch: ReturnType<typeof directory>["fetch"], events: AttemptEvent[] = [], options = {}) =>
  testClient(fetch, { timeoutMs: 2_000, maxRetries: 2, onAttempt: (e) => events.push(e), ...options });

describe("a create that fails ambiguously looks the login up instead of guessing", () => {
  it("applied, then the connection dropped: created exactly once, and the call resolves to that user", async () => {
    const server = directory(() => "apply-then-drop");
    const events: AttemptEvent[] = [];
    const created = await client(server.fetch, events).users.create(validCreate);
    expect(created).toMatchObject({ login: validCreate.login, email: validCreate.email, networkId: 1 });
    expect(server.applied()).toHaveLength(1);
    expect(server.paths().filter((p) => p === "/v2/users")).toHaveLength(1);
    expect(events.map((e) => e.recovery).filter(Boolean)).toEqual(["found"]);
  });

  it("looks in the network the create named, without asking whose key it is", async () => {
    const server = directory(() => "apply-then-drop");
    await client(server.fetch).users.create({ ...validCreate, networkId: 1 });
    expect(server.paths()).toEqual(["/v2/users", "/v2/users/by-name"]);
  });

  it.each([500, 502, 503, 504])("applied, then answered %s: resolves to the user, created once", async (status) => {
    const server = directory(() => ({ status, apply: true }));
    expect(await client(server.fetch).users.create(validCreate)).toMatchObject({ login: validCreate.login });
    expect(server.applied()).toHaveLength(1);
  });

  it("dropped before it was applied: sent again, created once", async () => {
    const server = directory((n) => (n === 1 ? "drop" : "ok"));
    const events: AttemptEvent[] = [];
    expect(await client(server.fetch, events).users.create(validCreate)).toMatchObject({ login: validCreate.login });
    expect(server.applied()).toHaveLength(1);
    expect(server.paths().filter((p) => p === "/v2/users")).toHaveLength(2);
    expect(events.map((e) => e.recovery).filter(Boolean)).toEqual(["absent"]);
  });

  it("sent again and met DuplicateObject (the first landed late): looks again and resolves to it", async () => {
    // The first create is dropped, and lands only after the first lookup: the second meets DuplicateObject.
    let creates = 0;
    const stored = user(7, { login: validCreate.login, email: validCreate.email, networkId: 1, created: new Date().toISOString() });
    const lateFetch = fakeFetch((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/v2/users/by-name") return ok(creates >= 2 ? [stored] : []);
      if (path === "/v2/users/me") return ok(user(1, { networkId: 1 }));
      if (++creates === 1) throw new TypeError("fetch failed");
      return fail(400, "DuplicateObject", "taken");
    });
    expect(await client(lateFetch).users.create(validCreate)).toEqual(stored);
  });

  it("when the lookup itself fails: the create's own error, with the lookup's failure attached", async () => {
    const server = directory(
      () => "drop",
      (kind) => (kind === "by-name" ? fail(403, "AccessDenied", "no lookups for you") : undefined),
    );
    const error = await client(server.fetch).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as EcgridNetworkError).recovery).toMatchObject({ outcome: "lookup-failed", lookupError: expect.objectContaining({ status: 403, errorCode: "AccessDenied" }) });
    expect(server.paths().filter((p) => p === "/v2/users")).toHaveLength(1);
  });

  it("when the login and email belong to a user that existed before the call: not taken for this create's", async () => {
    const old = user(7, { login: validCreate.login, email: validCreate.email, networkId: 1, authLevel: "NetworkAdmin", created: "2019-05-01T00:00:00Z" });
    const server = directory(
      () => ({ status: 500, apply: false }),
      (kind) => (kind === "by-name" ? ok([old]) : undefined),
    );
    const error = await client(server.fetch).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect((error as EcgridApiError).recovery).toEqual({ outcome: "already-existed", found: [old] });
  });

  it("when the user found differs from what the create asked for (mailbox, level, names): not taken for it", async () => {
    const server = directory(() => "apply-then-drop");
    const error = await client(server.fetch).users.create({ ...validCreate, mailboxId: 999 }).catch((e: unknown) => e);
    expect((error as EcgridNetworkError).recovery?.outcome).toBe("different-user");
  });

  it("matches a login the server stored trimmed, and in another case", async () => {
    const server = directory(() => "apply-then-drop");
    const stored = await client(server.fetch).users.create({ ...validCreate, login: ` ${validCreate.login.toUpperCase()} ` });
    expect(stored).toMatchObject({ email: validCreate.email });
  });

  it("never says 'not created' once the server has said the login is taken", async () => {
    // Applied, answered 500; the lookups run on a replica that lags behind the writes.
    let applied = false;
    const fetch = fakeFetch((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/v2/users/by-name") return ok([]);
      if (path === "/v2/users/me") return ok(user(1, { networkId: 1 }));
      if (applied) return fail(400, "DuplicateObject", "login taken");
      applied = true;
      return fail(500, "InternalError", "oops");
    });
    const error = await client(fetch).users.create(validCreate).catch((e: unknown) => e);
    expect((error as EcgridApiError).errorCode).toBe("DuplicateObject");
    expect((error as EcgridApiError).recovery?.outcome).toBe("lookup-failed");
  });

  it("keeps no secret in what it attaches: the lookup's error and the users found are redacted", async () => {
    const echo = user(9, { login: validCreate.login, email: "other@example.com", networkId: 1, password: validCreate.password });
    const server = directory(
      () => "drop",
      (kind) => (kind === "by-name" ? ok([echo]) : undefined),
    );
    const error = await client(server.fetch).users.create(validCreate).catch((e: unknown) => e);
    expect(JSON.stringify((error as EcgridNetworkError).recovery)).not.toContain(validCreate.password);
    const failing = directory(
      () => "drop",
      (kind) => (kind === "by-name" ? fail(400, "InvalidParameter", `bad ${validCreate.password}`) : undefined),
    );
    const second = await client(failing.fetch).users.create(validCreate).catch((e: unknown) => e);
    expect(inspect((second as EcgridNetworkError).recovery, { depth: 10 })).not.toContain(validCreate.password);
  });

  it("when the login exists with another email: the create's own error, with what was found", async () => {
    const someoneElse = user(9, { login: validCreate.login, email: "other@example.com", networkId: 1 });
    const server = directory(
      () => "drop",
      (kind) => (kind === "by-name" ? ok([someoneElse, user(10, { login: validCreate.login, networkId: 2 })]) : undefined),
    );
    const events: AttemptEvent[] = [];
    const error = await client(server.fetch, events).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as EcgridNetworkError).recovery).toEqual({ outcome: "different-user", found: [someoneElse] });
    expect(events.map((e) => e.recovery).filter(Boolean)).toEqual(["unresolved"]);
  });

  it("when it was not created and no retry is left: the create's own error, saying so", async () => {
    const server = directory(() => "drop");
    const error = await client(server.fetch, [], { maxRetries: 1 }).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as EcgridNetworkError).recovery).toEqual({ outcome: "not-created", found: [] });
    expect(server.paths().filter((p) => p === "/v2/users")).toHaveLength(2);
  });

  it("never for a definite answer: a 400 is thrown as it is, with no lookup", async () => {
    const server = directory(() => ({ status: 400, apply: false }));
    await expect(client(server.fetch).users.create(validCreate)).rejects.toBeInstanceOf(EcgridApiError);
    expect(server.paths()).toEqual(["/v2/users"]);
  });

  it("not at all with safeCreate: false", async () => {
    const server = directory(() => "apply-then-drop");
    await expect(client(server.fetch, [], { safeCreate: false }).users.create(validCreate)).rejects.toBeInstanceOf(EcgridNetworkError);
    expect(server.paths()).toEqual(["/v2/users"]);
  });

  it("stops with the caller's abort reason when aborted during the lookup", async () => {
    const controller = new AbortController();
    const server = directory(
      () => "drop",
      (kind) => {
        if (kind === "by-name") controller.abort("stop");
        return undefined;
      },
    );
    await expect(client(server.fetch).users.create(validCreate, { signal: controller.signal })).rejects.toBe("stop");
  });

  it("reads the password and maxRetries once, before sending: a password wiped from the input later stays hidden", async () => {
    const input = { ...validCreate };
    const fetch = fakeFetch((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/v2/users") throw new TypeError("fetch failed: reset");
      // Someone else's user, whose name echoes the password: the recovery keeps it, redacted.
      if (path === "/v2/users/by-name") return ok([user(9, { login: input.login, email: "other@example.com", networkId: 1, firstName: SECRET_PASSWORD })]);
      return ok(user(1, { networkId: 1 }));
    });
    const pending = client(fetch).users.create(input);
    input.password = "";
    const error = await pending.catch((e: unknown) => e);
    expect((error as EcgridNetworkError).recovery?.outcome).toBe("different-user");
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(SECRET_PASSWORD);
    expect(JSON.stringify((error as EcgridNetworkError).recovery?.found)).toContain("[REDACTED]");
  });

  it("a maxRetries that reads Infinity first and 0 later is refused before anything is sent, not re-sent forever", async () => {
    let reads = 0;
    const options = {
      get maxRetries() {
        return reads++ === 0 ? Number.POSITIVE_INFINITY : 0;
      },
    };
    const fetch = fakeFetch(() => fail(503, "InternalError", "down"));
    const error = await client(fetch).users.create(validCreate, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("maxRetries must be a whole number, 0 or more.");
    expect(fetch.requests).toHaveLength(0);
  });

  it("reads the password once: what is sent is what is redacted, whatever a getter answers later", async () => {
    let reads = 0;
    const input = {
      login: validCreate.login,
      email: validCreate.email,
      get password() {
        reads++;
        return reads === 1 ? SECRET_PASSWORD : "Aa1!aaaaaaaaaaaa";
      },
    };
    const fetch = fakeFetch((request, body) => {
      if (new URL(request.url).pathname === "/v2/users") return fail(400, "InvalidParameter", `rejected ${(body as { password: string }).password}`);
      return ok([]);
    });
    const error = await client(fetch).users.create(input).catch((e: unknown) => e);
    expect(reads).toBe(1);
    expect((fetch.requests[0]?.body as { password: string }).password).toBe(SECRET_PASSWORD);
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(SECRET_PASSWORD);
  });

  it("a maxRetries that throws on its second read fails the call before anything is sent", async () => {
    let reads = 0;
    const options = {
      get maxRetries() {
        if (++reads > 1) throw new Error("read twice");
        return 1;
      },
    };
    const fetch = fakeFetch(() => ok(user(7)));
    await expect(client(fetch).users.create(validCreate, options)).rejects.toBeInstanceOf(EcgridError);
    expect(fetch.requests).toHaveLength(0);
  });
});

describe("safe create against the stateful fake's 'reset after the create was applied'", () => {
  const login = "fresh-user";
  const input = { ...validCreate, login, email: `${login}@example.com` };

  it("in process (fake.fetch): created once, and the call resolves to it", async () => {
    const fake = createFakeEcgrid(exampleNetwork());
    fake.failNext("createUser", "reset-after-apply");
    const events: AttemptEvent[] = [];
    const ecgrid = createEcgridClient({ apiKey: "any", baseUrl: "http://localhost", fetch: fake.fetch, onAttempt: (e) => events.push(e) });
    const created = await ecgrid.users.create(input);
    expect(created).toMatchObject({ login, email: input.email, networkId: 1 });
    expect(fake.users.filter((u) => u.login === login)).toHaveLength(1);
    expect(events.map((e) => e.recovery).filter(Boolean)).toEqual(["found"]);
  });

  it("over HTTP (the Node transport): created once, and the call resolves to it", async () => {
    const fake = createFakeEcgrid(exampleNetwork());
    const server = await fake.listen();
    try {
      fake.failNext("createUser", "reset-after-apply");
      const created = await createEcgridClient({ apiKey: "any", baseUrl: server.url }).users.create(input);
      expect(created).toMatchObject({ login });
      expect(fake.users.filter((u) => u.login === login)).toHaveLength(1);
      expect(fake.requests.filter((r) => r.operationId === "createUser")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("a plain reset (nothing applied): sent again, created once", async () => {
    const fake = createFakeEcgrid(exampleNetwork());
    fake.failNext("createUser", "reset");
    await createEcgridClient({ apiKey: "any", baseUrl: "http://localhost", fetch: fake.fetch }).users.create(input);
    expect(fake.users.filter((u) => u.login === login)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.operationId === "createUser")).toHaveLength(2);
  });
});
