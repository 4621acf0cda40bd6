import { callerError, EcgridError } from "./errors.js";
import { waitFor, type ChunkLimits } from "./wait-for.js";

/**
 * Waits for a chunk of the client's own code (`load` is its `import()`) and resolves to its
 * export `name`. In a browser a chunk comes over the network, where it can stall, fail, or arrive
 * stale from a cache, so the wait is bounded by `waitFor`: it rejects with the signal's
 * reason once the signal aborts, and with an {@link EcgridError} naming `what` after `timeoutMs`,
 * when the chunk fails to load, or when it lacks `name`.
 */
export async function loadChunk<M, K extends keyof M>(load: () => Promise<M>, name: K, what: string, limits: ChunkLimits): Promise<M[K]> {
  const exported = load().then(
    (module) => {
      let value: unknown;
      try {
        value = (module as Partial<M> | undefined)?.[name];
      } catch {
        // A binding not yet initialised, or a proxy standing in for the module: not the export.
      }
      if (typeof value !== "function") throw new EcgridError(`${what} loaded without ${String(name)}: a stale or foreign file?`);
      return value as M[K];
    },
    (error: unknown) => {
      throw new EcgridError(`${what} could not load.`, { cause: error });
    },
  );
  const waited = await waitFor(exported, { ...limits, unreadable: (error) => callerError(error, "the signal's reason") });
  if (!waited.arrived) throw new EcgridError(`${what} did not load within ${limits.timeoutMs} ms.`);
  return waited.value;
}
