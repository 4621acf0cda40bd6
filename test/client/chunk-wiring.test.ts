import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChunkLimits } from "../../src/wait-for.js";
import { EcgridError, EcgridNetworkError } from "../../src/index.js";
import { fakeFetch, ok, testClient, validCreate } from "../support/fake-fetch.js";

// How the create's recovery and listAll's page walk wait for their chunks: with the call's signal
// and the client's timeoutMs (chunk-load.test.ts proves what loadChunk does with them), and what
// each makes of a wait that fails. loadChunk is watched, and made to fail when a test says so.
const state = vi.hoisted(() => ({ calls: [] as { what: string; limits: ChunkLimits }[], fail: undefined as ((limits: ChunkLimits) => unknown) | undefined }));
vi.mock("../../src/chunk-load.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/chunk-load.js")>();
  return {
    loadChunk: ((load, name, what, limits) => {
      state.calls.push({ what, limits });
      return state.fail ? Promise.reject(state.fail(limits)) : real.loadChunk(load, name, what, limits);
    }) as typeof real.loadChunk,
  };
});

afterEach(() => {
  state.calls.length = 0;
  state.fail = undefined;
});

const dropping = () =>
  fakeFetch(() => {
    throw new TypeError("fetch failed: reset");
  });

describe("waiting for a chunk", () => {
  it("listAll waits for its page walk with the caller's signal and the client's timeoutMs", async () => {
    const controller = new AbortController();
    const users = await testClient(fakeFetch(() => ok([])), { timeoutMs: 1_234 }).users.listAll({}, { signal: controller.signal }).toArray({ limit: 5 });
    expect(users).toEqual([]);
    expect(state.calls).toEqual([{ what: "listAll's page walker", limits: { signal: controller.signal, timeoutMs: 1_234 } }]);
  });

  it("listAll: a wait ended by the caller's abort rejects with its reason, having sent nothing", async () => {
    const controller = new AbortController();
    const reason = new Error("the caller gave up");
    controller.abort(reason);
    state.fail = (limits) => limits.signal?.reason;
    const fetch = fakeFetch(() => ok([]));
    await expect(testClient(fetch).users.listAll({}, { signal: controller.signal }).toArray({ limit: 5 })).rejects.toBe(reason);
    expect(fetch.requests).toHaveLength(0);
  });

  it("a create waits for its recovery with the caller's signal and the client's timeoutMs", async () => {
    const controller = new AbortController();
    state.fail = () => new EcgridError("The create's recovery did not load within 1234 ms.");
    await testClient(dropping(), { timeoutMs: 1_234 }).users.create(validCreate, { signal: controller.signal }).catch(() => {});
    expect(state.calls).toEqual([{ what: "The create's recovery", limits: { signal: controller.signal, timeoutMs: 1_234 } }]);
  });

  it("a create whose recovery's wait is ended by the caller's abort rejects with its reason", async () => {
    const controller = new AbortController();
    const reason = new EcgridError("even an EcgridError, when it is the signal's reason");
    state.fail = () => {
      controller.abort(reason);
      return reason;
    };
    await expect(testClient(dropping()).users.create(validCreate, { signal: controller.signal })).rejects.toBe(reason);
  });

  it("a create whose recovery did not load in time throws its own error, marked lookup-failed, nothing sent after it", async () => {
    const timedOut = new EcgridError("The create's recovery did not load within 200 ms.");
    state.fail = () => timedOut;
    const fetch = dropping();
    const error = await testClient(fetch, { maxRetries: 2 }).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as EcgridNetworkError).recovery).toEqual({ outcome: "lookup-failed", found: [], lookupError: timedOut });
    expect(fetch.requests).toHaveLength(1);
  });
});
