import { callerError, EcgridError } from "./errors.js";

/** What bounds the wait for a chunk: the call's signal and a time limit. */
export interface ChunkLimits {
  /** The caller's signal: once it aborts, the wait rejects with its reason. */
  signal?: AbortSignal | undefined;
  /** How long to wait before giving up, in milliseconds. */
  timeoutMs: number;
}

/**
 * Waits for a chunk of the client's own code (`load` is its `import()`) and resolves to its
 * export `name`. In a browser a chunk comes over the network, where it can stall, fail, or arrive
 * stale from a cache, so the wait is bounded like a request: it rejects with the signal's reason
 * once the signal aborts, and with an {@link EcgridError} naming `what` after `timeoutMs`, when
 * the chunk fails to load, or when it lacks `name`.
 */
export function loadChunk<M, K extends keyof M>(load: () => Promise<M>, name: K, what: string, limits: ChunkLimits): Promise<M[K]> {
  const { signal, timeoutMs } = limits;
  return new Promise<M[K]>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      let reason: unknown;
      try {
        reason = signal?.reason;
      } catch (error) {
        reason = callerError(error, "the signal's reason");
      }
      finish(() => reject(reason));
    };
    const timer = setTimeout(() => finish(() => reject(new EcgridError(`${what} did not load within ${timeoutMs} ms.`))), timeoutMs);
    function finish(settle: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        signal?.removeEventListener("abort", onAbort);
      } catch {
        // The caller's odd signal: the outcome stands.
      }
      settle();
    }
    try {
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
    } catch {
      // A signal that cannot be listened to bounds nothing here; the call reports it where it reads it.
    }
    load().then(
      (module) => {
        let value: unknown;
        try {
          value = (module as Partial<M> | undefined)?.[name];
        } catch {
          // A binding not yet initialised, or a proxy standing in for the module: not the export.
        }
        finish(() => (typeof value === "function" ? resolve(value as M[K]) : reject(new EcgridError(`${what} loaded without ${String(name)}: a stale or foreign file?`))));
      },
      (error: unknown) => finish(() => reject(new EcgridError(`${what} could not load.`, { cause: error }))),
    );
  });
}
