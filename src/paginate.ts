import { callerError, EcgridError } from "./errors.js";
import { loadChunk } from "./chunk-load.js";
import type { WalkKit } from "./page-walk.js";

/** Every user of a listing, page by page, fetched as the consumer goes. */
export interface UserPager<T> extends AsyncIterable<T> {
  /** The pages themselves, for progress reports or batch work. */
  pages(): AsyncGenerator<T[], void, undefined>;
  /** Collects users into an array, stopping (and sending no more requests) after `limit`. */
  toArray(options: { limit: number }): Promise<T[]>;
}

/** Which page to load: `recordsPerPage` is set only once the server is known to cap it. */
export interface PageRequest {
  pageNo: number;
  recordsPerPage: number | undefined;
}

/** Loads one page; `signal` aborts it when the consumer stops early. */
export type PageLoader<T> = (page: PageRequest, signal: AbortSignal) => Promise<T[]>;

/**
 * Pages through a listing that has no total and no next link: the last page is the first one
 * holding fewer than a full page. Page n+1 is requested as soon as page n arrives, so the
 * network and the consumer overlap, and at most one page waits beyond the one being consumed.
 *
 * What a server can do that would otherwise go unnoticed:
 * - it ignores `pageNo`, or cycles through pages, in any order: every page's fingerprint (its
 *   users, in no particular order; one number a page) is kept, and a page seen before ends the
 *   listing with an {@link EcgridError};
 * - its pages overlap (it counts `pageNo` in users, not pages), or wrap around past the end: a
 *   page holding a user of the page before, or of the first page, ends the listing with an
 *   {@link EcgridError} too, rather than yield duplicates (only those two pages' ids are kept,
 *   so memory stays bounded; a user repeated elsewhere is not noticed);
 * - it caps `recordsPerPage` below what was asked (ECGrid's maximum "varies by server config"):
 *   a short first page would look like the whole listing. So a short first page is followed by
 *   one more request, page 2 at the short page's size (which is right whether the server counts
 *   offsets by the size asked or the size served): if it holds other users, that size is the
 *   server's cap and the listing goes on at it; if it is empty, or the same users again, compared
 *   user by user (a server that ignores pageNo), the first page was the whole listing.
 *
 * `chunkTimeoutMs` bounds the wait for the walk's code, which loads with the first page.
 */
export function paginate<T extends object>(load: PageLoader<T>, pageSize: number, signal: AbortSignal | undefined, chunkTimeoutMs: number): UserPager<T> {
  // Every empty page would look full at a size of 0: the listing would never end.
  if (!(pageSize >= 1)) throw new EcgridError("listAll: the page size must be 1 or more.");
  const kit: WalkKit = { fail: (message) => new EcgridError(message), callerError };
  /** @param budget no page is requested once this many items have arrived. */
  function pages(budget = Number.POSITIVE_INFINITY): AsyncGenerator<T[], void, undefined> {
    // A generator of its own that forwards to the walk's, rather than `yield*`: a delegating async
    // generator held the page before while the next one loaded (in the bench, peaks of a page more).
    let walk: Promise<AsyncGenerator<T[], void, undefined>> | undefined;
    let closed = false;
    /** Why the walk could not load: thrown once, to the first call that waited for it, as a generator that threw. */
    let failure: { error: unknown } | undefined;
    // The walk loads with the first page: a program that never lists every user never compiles it.
    const start = () =>
      (walk ??= loadChunk(() => import("./page-walk.js"), "walkPages", "listAll's page walker", { signal, timeoutMs: chunkTimeoutMs }).then(
        (walkPages) => walkPages(kit, load, pageSize, signal, budget),
        (error: unknown) => {
          failure = { error };
          // After that, the listing is over: a finished generator answers every later call.
          return (async function* () {})();
        },
      ));
    const thrownOnce = (g: AsyncGenerator<T[], void, undefined>) => {
      if (failure === undefined) return g;
      const { error } = failure;
      failure = undefined;
      throw error;
    };
    const generator: AsyncGenerator<T[], void, undefined> & { [Symbol.toStringTag]: string } = {
      next: async () => (closed && walk === undefined ? { done: true, value: undefined } : thrownOnce(await start()).next()),
      return: async (value) => {
        closed = true;
        return walk === undefined ? { done: true, value: await value } : thrownOnce(await walk).return(value);
      },
      throw: async (error: unknown) => {
        closed = true;
        if (walk === undefined) throw error;
        return thrownOnce(await walk).throw(error);
      },
      [Symbol.asyncIterator]: () => generator,
      [Symbol.toStringTag]: "AsyncGenerator",
    };
    return generator;
  }

  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
    async toArray(options) {
      let limit: unknown;
      try {
        limit = (options as { limit?: unknown } | undefined)?.limit;
      } catch (error) {
        throw callerError(error, "the options of toArray");
      }
      if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) throw new EcgridError("toArray: limit must be a whole number, 1 or more.");
      const items: T[] = [];
      // One push per user: spreading a page of 100,000 users into one call would overflow the stack.
      for await (const page of pages(limit)) for (const item of page) items.push(item);
      return items.slice(0, limit);
    },
  };
}
