import { describe, expect, it } from "vitest";
import { AUTH_LEVELS, CREATE_AUTH_LEVELS, ERROR_CODES, USER_STATUSES, isAuthLevel, isErrorCode, isUserStatus } from "../../src/index.js";

describe("type guards for open enum values", () => {
  it.each([
    [isAuthLevel, AUTH_LEVELS, "SuperAdmin"],
    [isUserStatus, USER_STATUSES, "Archived"],
    [isErrorCode, ERROR_CODES, "QuotaExceeded"],
  ] as const)("accept every known value and nothing else", (guard, known, future) => {
    for (const value of known) expect(guard(value)).toBe(true);
    for (const other of [future, known[0]!.toLowerCase(), "", null, undefined, 1, { toString: () => known[0] }]) expect(guard(other)).toBe(false);
  });

  it("CREATE_AUTH_LEVELS is every level but NoChange, which create refuses", () => {
    expect(CREATE_AUTH_LEVELS).toEqual(AUTH_LEVELS.filter((l) => l !== "NoChange"));
  });
});
