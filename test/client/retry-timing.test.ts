import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "../../src/retry-timing.js";

describe("backoffDelay", () => {
  it("starts near 0.5 s and doubles, within ±20% jitter", () => {
    for (const [retry, centre] of [[0, 500], [1, 1000], [2, 2000], [3, 4000]] as const) {
      expect(backoffDelay(retry, 0)).toBe(centre * 0.8);
      expect(backoffDelay(retry, 0.5)).toBe(centre);
      expect(backoffDelay(retry, 0.999999)).toBeCloseTo(centre * 1.2, -1);
    }
  });

  it("is capped at 8 s", () => {
    expect(backoffDelay(4, 0.999)).toBe(8000);
    expect(backoffDelay(30, 0)).toBe(8000);
  });

  it("varies with the random input, so clients refused together spread out", () => {
    expect(new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelay(1, r))).size).toBe(4);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Mon, 23 Nov 2026 10:00:00 GMT");

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
  });

  it("reads an HTTP-date, and a date in the past as no wait", () => {
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });

  it.each([null, undefined, "", "soon", "-5", "1.5", "2026-11-23T10:00:05Z", "Mon, 99 Foo 2026 xx"])("gives up on %j", (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
