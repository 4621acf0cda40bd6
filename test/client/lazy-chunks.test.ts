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

/** Replaces `path` with a module whose loading is counted, and that fails to load when `offline`. */
function watch(path: string, offline: boolean) {
  const loads = { count: 0 };
  vi.doMock(path, async (original) => {
    loads.count++;
    if (offline) throw new TypeError("Failed to fetch dynamically imported module");
    return original();
  });
  return loads;
}

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

  it("a recovery that cannot load leaves the create's own error, with nothing sent after it", async () => {
    watch(RECOVERY, true);
    const { fakeFetch, validCreate, testClient, EcgridNetworkError, SECRET_KEY } = await fresh();
    const fetch = fakeFetch(() => {
      throw new TypeError("fetch failed: reset");
    });
    const error = await testClient(fetch, { maxRetries: 2 }).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as InstanceType<typeof EcgridNetworkError>).recovery).toBeUndefined();
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
    expect((error as Error).message).toBe("listAll could not load its page walker.");
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(fetch.requests).toHaveLength(0);
  });
});
