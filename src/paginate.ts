import { EcgridError } from "./errors.js";

/** Every user of a listing, page by page, fetched as the consumer goes. */
export interface UserPager<T> extends AsyncIterable<T> {
  /** The pages themselves, for progress reports or batch work. */
  pages(): AsyncGenerator<T[], void, undefined>;
  /** Collects users into an array, stopping (and sending no more requests) after `limit`. */
  toArray(options: { limit: number }): Promise<T[]>;
}

/** Yields to the event loop once: setImmediate where it exists (Node), else a zero timeout. */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** Loads one page; `signal` aborts it when the consumer stops early. */
export type PageLoader<T> = (pageNo: number, signal: AbortSignal) => Promise<T[]>;

/**
 * Pages through a listing that has no total and no next link: the last page is the first one
 * holding fewer than `pageSize` items. Page n+1 is requested as soon as page n arrives, so the
 * network and the consumer overlap, and at most one page waits beyond the one being consumed.
 */
export function paginate<T extends { userId?: unknown }>(load: PageLoader<T>, pageSize: number, signal?: AbortSignal): UserPager<T> {
  /** @param budget no page is requested once this many items have arrived. */
  async function* pages(budget = Number.POSITIVE_INFINITY): AsyncGenerator<T[], void, undefined> {
    const stop = new AbortController();
    const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    let pageNo = 1;
    let pending = load(pageNo, combined);
    let previous: string | undefined;
    let received = 0;
    try {
      while (true) {
        const page = await pending;
        const full = page.length >= pageSize;
        const ids = JSON.stringify(page.map((item) => item.userId));
        if (full && ids === previous) {
          throw new EcgridError(`Page ${pageNo} repeats page ${pageNo - 1} exactly: the server seems to ignore pageNo. Stopped instead of looping forever.`);
        }
        previous = ids;
        received += page.length;
        if (full && received < budget) {
          pending = load(++pageNo, combined);
          // If the consumer stops first, this prefetch is aborted and its rejection is expected.
          pending.catch(() => {});
          // One turn of the event loop puts the request on the wire before the consumer's
          // synchronous work on this page begins, so the two overlap.
          await nextTurn();
        }
        yield page;
        if (!full || received >= budget) return;
      }
    } finally {
      stop.abort();
    }
  }

  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
    async toArray({ limit }) {
      if (!Number.isInteger(limit) || limit < 1) throw new EcgridError("toArray: limit must be a whole number, 1 or more.");
      const items: T[] = [];
      for await (const page of pages(limit)) items.push(...page);
      return items.slice(0, limit);
    },
  };
}
