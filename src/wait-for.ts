// Imports nothing: the command line bundles the redactor, and with it this, without the client.

/** What bounds a wait: the call's signal and a time limit. */
export interface ChunkLimits {
  /** The caller's signal: once it aborts, the wait rejects with its reason. */
  signal?: AbortSignal | undefined;
  /** How long to wait before giving up, in milliseconds. */
  timeoutMs: number;
  /** What to reject with when the signal's reason cannot be read (a getter that throws). @default the error it threw */
  unreadable?: ((error: unknown) => unknown) | undefined;
}

/** What a bounded wait came to: the value, or nothing within the time limit. */
export type Waited<T> = { arrived: true; value: T } | { arrived: false };

/**
 * Waits for `work`, bounded like a request: rejects with the signal's reason once it aborts
 * (`unreadable` of what reading it threw, when it cannot be read), resolves `{ arrived: false }` after
 * `timeoutMs`, and otherwise settles as `work` does. Leaves no timer or listener behind, and a
 * `work` that settles after the wait has ended is handled, not left to reject unobserved.
 */
export function waitFor<T>(work: Promise<T>, limits: ChunkLimits): Promise<Waited<T>> {
  const { signal, timeoutMs, unreadable = (error: unknown) => error } = limits;
  return new Promise<Waited<T>>((resolve, reject) => {
    let settled = false;
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
    function onAbort() {
      let reason: unknown;
      try {
        reason = signal?.reason;
      } catch (error) {
        reason = unreadable(error);
      }
      finish(() => reject(reason));
    }
    const timer = setTimeout(() => finish(() => resolve({ arrived: false })), timeoutMs);
    try {
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
    } catch {
      // A signal that cannot be listened to bounds nothing here; the call reports it where it reads it.
    }
    work.then(
      (value) => finish(() => resolve({ arrived: true, value })),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
