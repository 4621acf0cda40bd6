// @ts-check
/** The measuring tools the bench's scripts share: medians, rounding and throughput. */

/** The median of samples (the mean of the middle two for an even count). @param {number[]} xs */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? /** @type {number} */ (s[m]) : (/** @type {number} */ (s[m - 1]) + /** @type {number} */ (s[m])) / 2;
};

/** Rounded to one decimal. @param {number} x */
export const round1 = (x) => Math.round(x * 10) / 10;

/** Rounded to two decimals. @param {number} x */
export const round2 = (x) => Math.round(x * 100) / 100;

/**
 * Requests per second with `inFlight` calls always outstanding, `total` calls in all.
 * @param {() => Promise<unknown>} call @param {number} total @param {number} inFlight
 */
export async function throughput(call, total, inFlight) {
  let started = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return total / ((performance.now() - t0) / 1000);
}
