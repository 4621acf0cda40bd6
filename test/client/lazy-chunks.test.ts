import { afterEach, describe, expect, it, vi } from "vitest";

// The create's recovery and listAll's page walk are loaded with `import()` when first needed, so
// that importing the package does not compile them. Each test loads the client afresh, with the
// chunk's module replaced by one that records its loading or fails to load (a browser offline).
const RECOVERY = "../../src/create-recovery.js";
const WALK = "../../src/page-walk.js";

async function fresh() {
  vi.resetModules();
  const support = await import("../support/fake-fetch.js");
  const errors = await import("../../src/index.js");
  return { ...support, ...errors };
}

/**
 * Replaces `path` with a module whose loading is counted and that, as `how` says, loads, fails to
 * load (`true`), or arrives without its export (`"stale"`). Chunks that never arrive are in
 * lazy-chunks-stalled.test.ts: an import left pending would hold that path for the whole file.
 */
function watch(path: string, how: boolean | "stale") {
  const loads = { count: 0 };
  vi.doMock(path, async (original) => {
    loads.count++;
    if (how === true) throw new TypeError("Failed to fetch dynamically imported module");
    if (how === "stale") return {};
    return original();
  });
  return loads;
}

/** A create whose every send drops the connection. */
const dropping = (fakeFetch: typeof import("../support/fake-fetch.js").fakeFetch) =>
  fakeFetch(() => {
    throw new TypeError("fetch failed: reset");
  });

afterEach(() => {
  vi.doUnmock(RECOVERY);
  vi.doUnmock(WALK);
});

describe("code loaded on first need", () => {
  it("a create that succeeds, or fails plainly, never loads the recovery", async () => {
    const loads = watch(RECOVERY, false);
    const { fakeFetch, ok, fail, user, validCreate, testClient, EcgridApiError } = await fresh();
    let refuse = false;
    const fetch = fakeFetch(() => (refuse ? fail(400, "InvalidParameter", "bad") : ok(user(7, { login: validCreate.login }))));
    const ecgrid = testClient(fetch, { maxRetries: 0 });
    await expect(ecgrid.users.create(validCreate)).resolves.toMatchObject({ userId: 7 });
    refuse = true;
    await expect(ecgrid.users.create(validCreate)).rejects.toBeInstanceOf(EcgridApiError);
    expect(loads.count).toBe(0);
  });

  it("a create that fails ambiguously loads the recovery and recovers", async () => {
    const loads = watch(RECOVERY, false);
    const { fakeFetch, ok, user, validCreate, testClient } = await fresh();
    const fetch = fakeFetch((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/v2/users") throw new TypeError("fetch failed: reset after the create was applied");
      if (path === "/v2/users/by-name") return ok([user(7, { login: validCreate.login, email: validCreate.email, networkId: 1, created: new Date().toISOString() })]);
      return ok(user(1, { networkId: 1 }));
    });
    await expect(testClient(fetch, { maxRetries: 0 }).users.create(validCreate)).resolves.toMatchObject({ userId: 7 });
    expect(loads.count).toBe(1);
  });

  it("a recovery that cannot load leaves the create's own error, marked lookup-failed, with nothing sent after it", async () => {
    watch(RECOVERY, true);
    const { fakeFetch, validCreate, testClient, EcgridNetworkError, EcgridError, SECRET_KEY } = await fresh();
    const fetch = fakeFetch(() => {
      throw new TypeError("fetch failed: reset");
    });
    const error = await testClient(fetch, { maxRetries: 2 }).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    const recovery = (error as InstanceType<typeof EcgridNetworkError>).recovery;
    expect(recovery).toMatchObject({ outcome: "lookup-failed", found: [] });
    expect(recovery?.lookupError).toBeInstanceOf(EcgridError);
    expect((recovery?.lookupError as Error).message).toBe("The create's recovery could not load.");
    expect(fetch.requests.map((r) => new URL(r.url).pathname)).toEqual(["/v2/users"]);
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(SECRET_KEY);
  });

  it("list() never loads the page walk; listAll loads it with its first page", async () => {
    const loads = watch(WALK, false);
    const { fakeFetch, ok, user, testClient } = await fresh();
    const fetch = fakeFetch(() => ok([user(1), user(2)]));
    const ecgrid = testClient(fetch);
    await ecgrid.users.list();
    const pager = ecgrid.users.listAll();
    expect(loads.count).toBe(0);
    await expect(pager.toArray({ limit: 10 })).resolves.toHaveLength(2);
    expect(loads.count).toBe(1);
  });

  it("a page walk that cannot load rejects listAll with an EcgridError that says so, having sent nothing", async () => {
    watch(WALK, true);
    const { fakeFetch, ok, testClient, EcgridError } = await fresh();
    const fetch = fakeFetch(() => ok([]));
    const error = await testClient(fetch).users.listAll().toArray({ limit: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("listAll's page walker could not load.");
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(fetch.requests).toHaveLength(0);
  });

  it("a recovery without recoverCreate (a stale file): the create's own error, marked lookup-failed", async () => {
    watch(RECOVERY, "stale");
    const { fakeFetch, validCreate, testClient, EcgridNetworkError } = await fresh();
    const fetch = dropping(fakeFetch);
    const error = await testClient(fetch, { maxRetries: 1 }).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    const recovery = (error as InstanceType<typeof EcgridNetworkError>).recovery;
    expect(recovery?.outcome).toBe("lookup-failed");
    expect((recovery?.lookupError as Error).message).toBe("The create's recovery loaded without recoverCreate: a stale or foreign file?");
    expect(fetch.requests).toHaveLength(1);
  });

  it("a page walk without walkPages (a stale file): an EcgridError, once; the listing is then over", async () => {
    watch(WALK, "stale");
    const { fakeFetch, ok, testClient, EcgridError } = await fresh();
    const fetch = fakeFetch(() => ok([]));
    const pages = testClient(fetch).users.listAll().pages();
    const error = await pages.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("listAll's page walker loaded without walkPages: a stale or foreign file?");
    await expect(pages.next()).resolves.toEqual({ done: true, value: undefined });
    expect(fetch.requests).toHaveLength(0);
  });

  it("a page walk that cannot load: the first waiting call rejects, the calls queued behind it end as a generator's would", async () => {
    watch(WALK, true);
    const { fakeFetch, ok, testClient, EcgridError } = await fresh();
    const pages = testClient(fakeFetch(() => ok([]))).users.listAll().pages();
    const [first, second, returned] = await Promise.allSettled([pages.next(), pages.next(), pages.return("R" as unknown as undefined)]);
    expect(first.status === "rejected" && first.reason).toBeInstanceOf(EcgridError);
    expect(second).toEqual({ status: "fulfilled", value: { done: true, value: undefined } });
    expect(returned).toEqual({ status: "fulfilled", value: { done: true, value: "R" } });
  });
});
