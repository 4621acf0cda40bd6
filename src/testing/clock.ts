/** The fake's clock: milliseconds since the epoch. Read at each use, so fake timers (vi.useFakeTimers) move it. */
export type Clock = () => number;

/** The default clock. */
export const systemClock: Clock = () => Date.now();

/** Checks a clock option. */
export function checkClock(clock: unknown): Clock {
  if (clock === undefined) return systemClock;
  if (typeof clock !== "function") throw new TypeError("createFakeEcgrid: clock must be a function returning milliseconds since the epoch.");
  return () => {
    const now = (clock as () => unknown)();
    // Beyond ±8.64e15 ms a Date is invalid, and so would every `created` be.
    if (typeof now !== "number" || !(Math.abs(now) <= 8.64e15)) throw new TypeError(`The fake's clock returned ${String(now)}, not milliseconds since the epoch.`);
    return now;
  };
}
