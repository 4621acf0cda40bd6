import { describe, expect, it } from "vitest";
import { EcgridError, type User } from "../../src/index.js";
import { fakeFetch, ok, testClient, user } from "../support/fake-fetch.js";

/**
 * A server holding `total` users, answering pages as the API does. With `cap`, it serves at most
 * that many a page, counting offsets by the capped size, or, with `offsetsByAsked`, by the size asked.
 */
function directory(total: number, options: { delayMs?: number; ignorePageNo?: boolean; cap?: number; offsetsByAsked?: boolean; withoutIds?: boolean } = {}) {
  const fetch = fakeFetch(async (request, body) => {
    const { pageNo = 1, recordsPerPage: asked = 25 } = body as { pageNo?: number; recordsPerPage?: number };
    const recordsPerPage = Math.min(asked, options.cap ?? asked);
    const page = options.ignorePageNo ? 1 : pageNo;
    const first = (page - 1) * (options.offsetsByAsked ? asked : recordsPerPage) + 1;
    const count = Math.max(0, Math.min(recordsPerPage, total - first + 1));
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (request.signal.aborted) throw request.signal.reason;
    const users = Array.from({ length: count }, (_, i) => user(first + i));
    return ok(options.withoutIds ? users.map(({ userId, ...rest }) => ({ ...rest, login: `user${String(userId)}` })) : users);
  });
  return { fetch, users: testClient(fetch).users };
}

const ids = (users: User[]) => users.map((u) => u.userId);
const pageNos = (fetch: ReturnType<typeof directory>["fetch"]) => fetch.requests.map((r) => (r.body as { pageNo: number }).pageNo);

describe("listAll", () => {
  it("yields every user, asking pageNo 1, 2, … with the caller's filters, and stops after a short page", async () => {
    const { fetch, users } = directory(7);
    const seen: User[] = [];
    for await (const u of users.listAll({ networkId: 1, recordsPerPage: 3 })) seen.push(u);
    expect(ids(seen)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(fetch.requests.map((r) => r.body)).toStrictEqual([
      { networkId: 1, recordsPerPage: 3, pageNo: 1 },
      { networkId: 1, recordsPerPage: 3, pageNo: 2 },
      { networkId: 1, recordsPerPage: 3, pageNo: 3 },
    ]);
  });

  it("asks once more after an exactly full last page, and stops on the empty one", async () => {
    const { fetch, users } = directory(6);
    expect(ids(await users.listAll({ recordsPerPage: 3 }).toArray({ limit: 100 }))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pageNos(fetch)).toEqual([1, 2, 3]);
  });

  it("uses the API's default page size of 25 when none is given, and sends none", async () => {
    const { fetch, users } = directory(30);
    expect(await users.listAll().toArray({ limit: 1000 })).toHaveLength(30);
    expect(fetch.requests.map((r) => r.body)).toStrictEqual([{ pageNo: 1 }, { pageNo: 2 }]);
  });

  it("stops requesting when the consumer breaks out, and aborts the prefetch in flight", async () => {
    const { fetch, users } = directory(1000, { delayMs: 20 });
    let count = 0;
    for await (const _ of users.listAll({ recordsPerPage: 10 })) {
      if (++count === 15) break;
    }
    await new Promise((r) => setTimeout(r, 60));
    // Page 3 was prefetched and then aborted; over real HTTP the abort may beat the request out.
    expect(pageNos(fetch).slice(0, 2)).toEqual([1, 2]);
    expect(pageNos(fetch).length).toBeLessThanOrEqual(3);
  });

  it("pages() behaves as a generator before its first page: return() or throw() ends it, and nothing is sent", async () => {
    const { fetch, users } = directory(100);
    const returned = users.listAll({ recordsPerPage: 10 }).pages();
    expect(Object.prototype.toString.call(returned)).toBe("[object AsyncGenerator]");
    await expect(returned.return()).resolves.toEqual({ done: true, value: undefined });
    await expect(returned.next()).resolves.toEqual({ done: true, value: undefined });
    const thrown = users.listAll({ recordsPerPage: 10 }).pages();
    const reason = new Error("stop");
    await expect(thrown.throw(reason)).rejects.toBe(reason);
    await expect(thrown.next()).resolves.toEqual({ done: true, value: undefined });
    expect(fetch.requests).toHaveLength(0);
  });

  it("pages() queues next() and return() in the order they were called, as a generator does", async () => {
    const { fetch, users } = directory(100, { delayMs: 5 });
    const pages = users.listAll({ recordsPerPage: 10 }).pages();
    const [first, second, ended, after] = await Promise.all([pages.next(), pages.next(), pages.return(), pages.next()]);
    expect(ids(first.value as User[])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ids(second.value as User[])).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect([ended, after]).toEqual([
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(pageNos(fetch).slice(0, 2)).toEqual([1, 2]);
  });

  it("requests page n+1 while the consumer works on page n, and never runs more than one page ahead", async () => {
    const { fetch, users } = directory(50, { delayMs: 5 });
    let consumedPage = 0;
    let maxAhead = 0;
    for await (const page of users.listAll({ recordsPerPage: 10 }).pages()) {
      consumedPage++;
      // The consumer is slow: by the time it finishes, the next page has been asked for.
      await new Promise((r) => setTimeout(r, 15));
      const requested = Math.max(...pageNos(fetch));
      maxAhead = Math.max(maxAhead, requested - consumedPage);
      if (page.length === 10) expect(requested).toBe(consumedPage + 1);
    }
    expect(maxAhead).toBe(1);
    expect(pageNos(fetch)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("throws an EcgridError when the server ignores pageNo and repeats a full page", async () => {
    const { fetch, users } = directory(100, { ignorePageNo: true });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const u of users.listAll({ recordsPerPage: 5 })) seen.push(u.userId);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toMatch(/Page 2 repeats page 1.*ignore pageNo/);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(fetch.requests.length).toBeLessThanOrEqual(3);
  });

  it("throws an EcgridError when the server cycles through pages (A, B, A, B), after the first page seen twice", async () => {
    const fetch = fakeFetch((_, body) => {
      const { pageNo } = body as { pageNo: number };
      return ok(pageNo % 2 === 1 ? [user(1), user(2)] : [user(3), user(4)]);
    });
    const error = await testClient(fetch).users.listAll({ recordsPerPage: 2 }).toArray({ limit: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toBe("Page 3 repeats page 1: the server seems to ignore pageNo. Stopped instead of looping forever.");
    expect(fetch.requests.length).toBeLessThanOrEqual(4);
  });

  it.each([
    ["counting offsets by the capped size", false],
    ["counting offsets by the size asked", true],
  ])("lists every user when the server caps recordsPerPage (asked 500, served 100), %s", async (_, offsetsByAsked) => {
    const { fetch, users } = directory(1000, { cap: 100, offsetsByAsked });
    const all = await users.listAll({ recordsPerPage: 500 }).toArray({ limit: 5000 });
    expect(ids(all)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // Page 1 came short, so page 2 was asked at its size: it held users, so 100 is the cap.
    expect(fetch.requests.map((r) => r.body)).toStrictEqual([{ recordsPerPage: 500, pageNo: 1 }, ...Array.from({ length: 10 }, (_, i) => ({ recordsPerPage: 100, pageNo: i + 2 }))]);
  });

  it("lists a capped listing that ends mid-page, whichever way the server counts offsets", async () => {
    for (const offsetsByAsked of [false, true]) {
      const { users } = directory(250, { cap: 100, offsetsByAsked });
      expect(ids(await users.listAll({ recordsPerPage: 500 }).toArray({ limit: 5000 }))).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    }
  });

  it("stops with an EcgridError when the server serves the same users in a new order each time", async () => {
    const fetch = fakeFetch(() => ok(Array.from({ length: 5 }, (_, i) => user(i + 1)).sort(() => Math.random() - 0.5)));
    const error = await testClient(fetch).users.listAll({ recordsPerPage: 5 }).toArray({ limit: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toMatch(/^Page 2 repeats page 1/);
  });

  it("stops with an EcgridError when pages overlap (a server counting pageNo in users), rather than list users twice", async () => {
    const fetch = fakeFetch((_, body) => {
      const { pageNo } = body as { pageNo: number };
      return ok(Array.from({ length: 5 }, (_, i) => user(pageNo + i)));
    });
    const error = await testClient(fetch).users.listAll({ recordsPerPage: 5 }).toArray({ limit: 10_000 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("Page 2 holds users of page 1: the server's pages overlap. Stopped instead of listing users twice.");
  });

  it("refuses a page size below 1 even when requests are not checked, instead of never ending", () => {
    const fetch = fakeFetch(() => ok([]));
    expect(() => testClient(fetch, { validateRequests: false }).users.listAll({ recordsPerPage: 0 })).toThrow(/recordsPerPage must be >= 1/);
    expect(fetch.requests).toHaveLength(0);
  });

  it("asks one more page after a short first page, to tell a small listing from a capped one", async () => {
    const { fetch, users } = directory(7);
    expect(ids(await users.listAll().toArray({ limit: 100 }))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pageNos(fetch)).toEqual([1, 2]);
  });

  it("ends after a short first page that the server repeats for page 2 (it ignores pageNo, as a stateless mock does)", async () => {
    const { fetch, users } = directory(3, { ignorePageNo: true });
    expect(ids(await users.listAll().toArray({ limit: 100 }))).toEqual([1, 2, 3]);
    expect(pageNos(fetch)).toEqual([1, 2]);
  });

  it("lists users that carry no userId without mistaking their pages for repeats", async () => {
    const { users } = directory(7, { withoutIds: true });
    const all = await users.listAll({ recordsPerPage: 3 }).toArray({ limit: 100 });
    expect(all.map((u) => u.login)).toEqual(["user1", "user2", "user3", "user4", "user5", "user6", "user7"]);
  });

  it("tells apart users without a userId that differ only in nested fields, with or without a capped page size", async () => {
    const nested = Array.from({ length: 6 }, (_, i) => ({ user: { id: i + 1 }, tags: [] }));
    for (const cap of [undefined, 2]) {
      const fetch = fakeFetch((_, body) => {
        const { pageNo = 1, recordsPerPage = 25 } = body as { pageNo?: number; recordsPerPage?: number };
        const size = Math.min(recordsPerPage, cap ?? recordsPerPage);
        return ok(nested.slice((pageNo - 1) * size, pageNo * size));
      });
      const all = await testClient(fetch).users.listAll(cap ? {} : { recordsPerPage: 2 }).toArray({ limit: 100 });
      expect(all).toEqual(nested);
    }
  });

  it("never ends a capped listing early on users that differ only deeper than it compares: it fails loudly instead", async () => {
    const deep = (leaf: unknown, depth: number): unknown => (depth === 0 ? leaf : { a: deep(leaf, depth - 1) });
    const items = Array.from({ length: 6 }, (_, i) => ({ login: "same", profile: deep({ id: i + 1 }, 70) }));
    const fetch = fakeFetch((_, body) => {
      const { pageNo = 1 } = body as { pageNo?: number };
      return ok(items.slice((pageNo - 1) * 2, pageNo * 2));
    });
    const result = await testClient(fetch).users.listAll().toArray({ limit: 100 }).catch((e: unknown) => e);
    expect(result).toBeInstanceOf(EcgridError);
    expect((result as Error).message).toMatch(/^Page 2 repeats page 1/);
  });

  it("stops with an EcgridError when the server wraps around past the end, before yielding a user twice", async () => {
    const total = 5;
    const fetch = fakeFetch((_, body) => {
      const { pageNo } = body as { pageNo: number };
      return ok([0, 1].map((i) => user((((pageNo - 1) * 2 + i) % total) + 1)));
    });
    const seen: number[] = [];
    const run = (async () => {
      for await (const u of testClient(fetch).users.listAll({ recordsPerPage: 2 })) seen.push(u.userId);
    })();
    await expect(run).rejects.toThrow("Page 3 holds users of page 1: the server's pages wrap around. Stopped instead of listing users twice.");
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it("stops when pages of users without a userId overlap, before yielding one twice", async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ login: `user${i + 1}` }));
    // Counts pageNo in users: page 2 starts at the second user.
    const fetch = fakeFetch((_, body) => ok(items.slice((body as { pageNo: number }).pageNo - 1).slice(0, 5)));
    const seen: string[] = [];
    const run = (async () => {
      for await (const u of testClient(fetch).users.listAll({ recordsPerPage: 5 })) seen.push(u.login);
    })();
    await expect(run).rejects.toThrow(/^Page 2 holds users of page 1/);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("takes a page of users without a userId served again with their fields in another order for a repeat", async () => {
    const page = (reversed: boolean) => Array.from({ length: 3 }, (_, i) => (reversed ? { email: `u${i}@example.com`, login: `u${i}` } : { login: `u${i}`, email: `u${i}@example.com` }));
    const fetch = fakeFetch((_, body) => ok(page((body as { pageNo: number }).pageNo % 2 === 0)));
    const error = await testClient(fetch).users.listAll({ recordsPerPage: 3 }).toArray({ limit: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toMatch(/^Page 2 repeats page 1/);
  });

  it("takes a userId sent as a string for the same user as the number", async () => {
    const fetch = fakeFetch((_, body) => ok((body as { pageNo: number }).pageNo === 1 ? [user(1), user(2)] : [{ ...user(2), userId: "2" }, user(3)]));
    const error = await testClient(fetch).users.listAll({ recordsPerPage: 2 }).toArray({ limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toMatch(/^Page 2 holds users of page 1/);
  });

  it("wraps a caller's signal that throws when listened to in an EcgridError", async () => {
    const { users } = directory(5);
    const signal = { aborted: false, reason: undefined, addEventListener: () => { throw new TypeError("not a real signal"); }, removeEventListener: () => {} } as unknown as AbortSignal;
    const error = await users.listAll({}, { signal }).toArray({ limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridError);
    expect((error as Error).message).toMatch(/Could not read the signal/);
  });

  it("rethrows a page's error to the consumer", async () => {
    const fetch = fakeFetch((_, body) => ((body as { pageNo: number }).pageNo === 2 ? new Response("<html>", { status: 404 }) : ok([user(1), user(2)])));
    const pager = testClient(fetch).users.listAll({ recordsPerPage: 2 });
    await expect(pager.toArray({ limit: 10 })).rejects.toMatchObject({ name: "EcgridApiError", status: 404 });
  });

  it("stops on the caller's signal with its reason", async () => {
    const { users } = directory(1000, { delayMs: 10 });
    const controller = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const u of users.listAll({ recordsPerPage: 10 }, { signal: controller.signal })) {
        seen.push(u.userId);
        if (seen.length === 12) controller.abort("stop now");
      }
    })();
    await expect(run).rejects.toBe("stop now");
    expect(seen.length).toBeLessThanOrEqual(20);
  });
});

describe("toArray", () => {
  it("collects at most limit users and sends no request past them", async () => {
    const { fetch, users } = directory(1000);
    expect(ids(await users.listAll({ recordsPerPage: 10 }).toArray({ limit: 15 }))).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(pageNos(fetch)).toEqual([1, 2]);
  });

  it("collects from a page of 200,000 users without overflowing the stack", async () => {
    const fetch = fakeFetch(() => ok(Array.from({ length: 200_000 }, (_, i) => ({ userId: i + 1 }))));
    const all = await testClient(fetch).users.listAll().toArray({ limit: 10 });
    expect(all.map((u) => u.userId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses limit %s", async (limit) => {
    const { fetch, users } = directory(5);
    await expect(users.listAll().toArray({ limit })).rejects.toThrow(/limit must be a whole number/);
    expect(fetch.requests).toHaveLength(0);
  });
});
