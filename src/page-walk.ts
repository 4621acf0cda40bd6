// Types only: a value imported from the client would make esbuild move it to a chunk shared with
// dist/index.js, which every program would then load at import. What it needs comes in a WalkKit.
import type { PageLoader, PageRequest } from "./paginate.js";

/** What the walk takes from the client: its errors. */
export interface WalkKit {
  /** An `EcgridError` with this message: the listing cannot go on. */
  fail(message: string): Error;
  /** What reading the caller's own object threw, as an `EcgridError`. */
  callerError(error: unknown, what: string): unknown;
}

/** Yields to the event loop once: setImmediate where it exists (Node), else a zero timeout. */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * The pages of a listing, as `paginate` describes (paginate.ts holds the contract and its
 * reasons); no page is requested once `budget` items have arrived.
 */
export async function* walkPages<T extends object>(kit: WalkKit, load: PageLoader<T>, pageSize: number, signal: AbortSignal | undefined, budget: number): AsyncGenerator<T[], void, undefined> {
  const stop = new AbortController();
  // Joined by a listener removed at the end: AbortSignal.any would leave a record on a long-lived signal.
  const onAbort = () => stop.abort(signal?.reason);
  try {
    if (signal?.aborted) stop.abort(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
  } catch (error) {
    throw kit.callerError(error, "the signal");
  }
  const request = (page: PageRequest) => {
    const loading = load(page, stop.signal);
    // If the consumer stops first, this prefetch is aborted and its rejection is expected.
    loading.catch(() => {});
    return loading;
  };

  let size = pageSize;
  let recordsPerPage: number | undefined;
  let pageNo = 1;
  let received = 0;
  /** Set while page 2 is asked at a short first page's size, to learn whether that was a cap. */
  let probing = false;
  const seen = new Map<number, number>();
  /** The ids on the page before, and on the first page: a server that wraps around comes back to those. */
  let previous = new Set<unknown>();
  let first = new Set<unknown>();
  /** A short first page's users, exactly, while page 2 is asked to tell a cap from the end. */
  let shortFirst: string | undefined;
  let pending = request({ pageNo, recordsPerPage });
  try {
    while (true) {
      const page = await pending;
      // Each user's identity, worked out once: as a set, to compare with other pages, and as one
      // sorted string, to tell a page served again (in any order). Only these, not the page's
      // objects, outlive the yield below.
      const { ids, users } = keysOf(page);
      const print = cyrb53(users);
      if (probing) {
        probing = false;
        // Empty: the short page was the last. The same short page again, user for user: the
        // server ignores pageNo (a stateless mock, a test stub), and a short page holds everything
        // it has. A page that only hashes alike goes on to the checks below, and fails loudly.
        // Users compared only down to IDENTITY_DEPTH are never taken for the same: going on costs
        // a request, or ends in a loud error, where ending here could drop users silently.
        if (page.length === 0 || (users === shortFirst && !users.includes(TOO_DEEP))) return;
        shortFirst = undefined;
      }
      if (page.length > 0) {
        const earlier = seen.get(print);
        if (earlier !== undefined) {
          throw kit.fail(`Page ${pageNo} repeats page ${earlier}: the server seems to ignore pageNo. Stopped instead of looping forever.`);
        }
        // Pages that overlap (pageNo counted in users), or that wrap around to the first.
        const other = overlaps(ids, previous) ? pageNo - 1 : pageNo > 2 && overlaps(ids, first) ? 1 : 0;
        if (other > 0) {
          throw kit.fail(`Page ${pageNo} holds users of page ${other}: the server's pages ${other === pageNo - 1 ? "overlap" : "wrap around"}. Stopped instead of listing users twice.`);
        }
        seen.set(print, pageNo);
        previous = ids;
        if (pageNo === 1) first = ids;
      }
      received += page.length;
      const full = page.length >= size;
      const mayBeCapped = !full && page.length > 0 && pageNo === 1 && recordsPerPage === undefined;
      const more = (full || mayBeCapped) && received < budget;
      if (more) {
        if (mayBeCapped) {
          probing = true;
          shortFirst = users;
          size = recordsPerPage = page.length;
        }
        pending = request({ pageNo: ++pageNo, recordsPerPage });
        // One turn of the event loop puts the request on the wire before the consumer's
        // synchronous work on this page begins, so the two overlap.
        await nextTurn();
      }
      yield page;
      if (!more) return;
    }
  } finally {
    stop.abort();
    try {
      signal?.removeEventListener("abort", onAbort);
    } catch {
      // The caller's odd signal: the listing's own outcome stands.
    }
  }
}

/** How deep an item without a `userId` is compared, so a hostile item cannot exhaust the stack. */
const IDENTITY_DEPTH = 64;
/** What stands for the parts deeper than that: a NUL, which no written string, key or number holds. */
const TOO_DEEP = "\0";

/** A value written out unambiguously (strings quoted, keys in order), down to {@link IDENTITY_DEPTH}. */
function canonical(value: unknown, depth: number): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  if (depth >= IDENTITY_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(",")}]`;
  // Keys in order: the same user with its fields in another order is the same user.
  return `{${Object.entries(value)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, depth + 1)}`)
    .join(",")}}`;
}

/** A `userId` as one key: `1` and `"1"` are the same user. */
const idKey = (id: number | string): number | string => (typeof id === "string" && /^\d{1,15}$/.test(id) ? Number(id) : id);

/** A user's identity on a page: `#` and its `userId`, or for one without, the whole item written out. */
function identity(item: object): string {
  const id = (item as Record<string, unknown>).userId;
  if (typeof id === "number" || typeof id === "string") return `#${idKey(id)}`;
  return canonical(item, 0);
}

/**
 * The users on a page by their {@link identity} (so users without a `userId` are compared too):
 * as a set, and as one string in sorted order, the same for a page served in another order.
 */
function keysOf(page: readonly object[]): { ids: Set<unknown>; users: string } {
  const keys = page.map(identity);
  return { ids: new Set(keys), users: keys.sort().join("\n") };
}

/** Whether any id of a page was on the page before. */
const overlaps = (ids: ReadonlySet<unknown>, previous: ReadonlySet<unknown>): boolean => {
  for (const id of ids) if (previous.has(id)) return true;
  return false;
};

/** A fast 53-bit string hash (cyrb53, public domain): collisions are negligible at listing scale. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
