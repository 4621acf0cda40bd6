import { describe, expect, it } from "vitest";
import { loadChunk } from "../../src/chunk-load.js";
import { EcgridError } from "../../src/errors.js";
import { waitFor } from "../../src/wait-for.js";

const never = () => new Promise<never>(() => {});
const chunk = { run: () => "ran" };

describe("loadChunk: the wait for a chunk of the client is bounded like a request", () => {
  it("resolves to the export once the chunk has loaded", async () => {
    const run = await loadChunk(async () => chunk, "run", "The chunk", { timeoutMs: 1_000 });
    expect(run()).toBe("ran");
  });

  it("a chunk that never arrives: rejects with the signal's reason once it aborts", async () => {
    const controller = new AbortController();
    const reason = new Error("gave up");
    const pending = loadChunk(never, "run", "The chunk", { signal: controller.signal, timeoutMs: 60_000 });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it("an already aborted signal: rejects with its reason at once", async () => {
    const reason = new Error("gave up");
    await expect(loadChunk(never, "run", "The chunk", { signal: AbortSignal.abort(reason), timeoutMs: 60_000 })).rejects.toBe(reason);
  });

  it("a chunk that never arrives: an EcgridError after timeoutMs", async () => {
    const started = performance.now();
    const error = await loadChunk(never, "run", "The chunk", { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("The chunk did not load within 100 ms.");
  });

  it("a chunk that fails to load: an EcgridError with the failure as its cause", async () => {
    const failure = new TypeError("Failed to fetch dynamically imported module");
    const error = await loadChunk(() => Promise.reject(failure), "run", "The chunk", { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("The chunk could not load.");
    expect((error as Error).cause).toBe(failure);
  });

  it.each([
    ["without the export", {}],
    ["with the export not a function", { run: 42 }],
    // As a module read before its bindings are initialised (a cycle), or a test runner's mock.
    ["as a proxy that throws on reading the export", new Proxy({}, { get: (_, key) => { if (key === "run") throw new ReferenceError("Cannot access 'run' before initialization"); return undefined; } })],
    ["as nothing", undefined],
  ])("a chunk that loads %s: an EcgridError", async (_, module) => {
    const error = await loadChunk(async () => module as unknown as typeof chunk, "run", "The chunk", { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("The chunk loaded without run: a stale or foreign file?");
  });

  it("a signal whose methods throw bounds nothing, and the chunk still loads", async () => {
    const odd = { aborted: false, addEventListener: () => { throw new Error("odd"); }, removeEventListener: () => { throw new Error("odd"); } } as unknown as AbortSignal;
    const run = await loadChunk(async () => chunk, "run", "The chunk", { signal: odd, timeoutMs: 1_000 });
    expect(run()).toBe("ran");
  });

  it("settles once: a late load after the time limit changes nothing, and no listener is left on the signal", async () => {
    const controller = new AbortController();
    let arrive: (m: typeof chunk) => void = () => {};
    const late = new Promise<typeof chunk>((resolve) => (arrive = resolve));
    const error = await loadChunk(() => late, "run", "The chunk", { signal: controller.signal, timeoutMs: 30 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("The chunk did not load within 30 ms.");
    arrive(chunk);
    await late;
    let heard = false;
    controller.signal.addEventListener("abort", () => (heard = true));
    controller.abort();
    expect(heard).toBe(true);
  });

  it.each([
    ["already aborted", true],
    ["aborted while the chunk loads", false],
  ])("a signal %s whose reason throws when read: an EcgridError, and nothing thrown out of the listener", async (_, before) => {
    const controller = new AbortController();
    const poisoned = () => Object.defineProperty(controller.signal, "reason", { get: () => { throw new Error("boom"); } });
    if (before) {
      controller.abort();
      poisoned();
    }
    const pending = loadChunk(never, "run", "The chunk", { signal: controller.signal, timeoutMs: 60_000 }).catch((e: unknown) => e);
    if (!before) {
      poisoned();
      controller.abort();
    }
    const error = await pending;
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("Could not read the signal's reason: reading it threw Error.");
  });

  it("waitFor: by default rejects with what reading an unreadable reason threw; a late rejection of the work is handled", async () => {
    const controller = new AbortController();
    controller.abort();
    const thrown = new Error("boom");
    Object.defineProperty(controller.signal, "reason", { get: () => { throw thrown; } });
    await expect(waitFor(never(), { signal: controller.signal, timeoutMs: 60_000 })).rejects.toBe(thrown);
    let fail: (error: Error) => void = () => {};
    const late = new Promise<never>((_, reject) => (fail = reject));
    await expect(waitFor(late, { timeoutMs: 20 })).resolves.toEqual({ arrived: false });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    fail(new Error("too late"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off("unhandledRejection", onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
