import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyProject, type ProjectCopy } from "../support/project-copy.js";

let copy: ProjectCopy | undefined;
/** Each test runs the generator up to three times, a few seconds each; more on a loaded machine. */
const GENERATE_TIMEOUT = 90_000;
afterEach(() => copy?.remove());

describe("check:generated", () => {
  it("passes on the committed generated/", async () => {
    copy = copyProject();
    expect(await copy.generate("--check")).toMatchObject({ code: 0 });
  }, GENERATE_TIMEOUT);

  it("fails after an enum value changes in the spec, until generate runs", async () => {
    copy = copyProject();
    copy.edit("openapi/components/schemas/Status.yaml", "  - Suspended\n", "  - Suspended\n  - Archived\n");
    copy.edit("openapi/components/schemas/Status.yaml", "  Suspended: Temporarily", "  Archived: Kept for the record.\n  Suspended: Temporarily");
    const stale = await copy.generate("--check");
    expect(stale.code).toBe(1);
    expect(stale.output).toMatch(/generated\/ is stale: schema\.ts, request-schemas\.ts/);

    expect((await copy.generate()).code).toBe(0);
    expect(await copy.generate("--check")).toMatchObject({ code: 0 });
    expect(readFileSync(join(copy.dir, "generated", "schema.ts"), "utf8")).toMatch(/statusValues[^\n]*"Suspended", "Archived"/);
  }, GENERATE_TIMEOUT);

  it("fails after the password pattern changes; once regenerated, the client enforces the new pattern", async () => {
    copy = copyProject();
    // The same classes, and now no white space (the spec's examples stay valid).
    copy.edit("openapi/components/schemas/Password.yaml", "(?=.*[^a-zA-Z0-9]).+$", "(?=.*[^a-zA-Z0-9])\\S+$");
    expect((await copy.generate("--check")).code).toBe(1);
    expect((await copy.generate()).code).toBe(0);

    // The client's check, in the copy, now refuses what the committed client accepts.
    const before = await import("../../src/request-checks.js");
    const after = (await import(join(copy.dir, "src", "request-checks.ts"))) as typeof before;
    const body = { login: "jsmith", password: "Pass w0rd!", email: "jsmith@example.com" };
    expect(before.requestSchemaErrors("CreateUserRequest", body)).toEqual([]);
    expect(after.requestSchemaErrors("CreateUserRequest", body).map((e) => e.keyword)).toEqual(["pattern"]);
    expect(after.requestSchemaErrors("CreateUserRequest", { ...body, password: "Passw0rd!" })).toEqual([]);
    expect(() => before.assertValidRequest("createUser", body)).not.toThrow();
    expect(() => after.assertValidRequest("createUser", body)).toThrow(/password must match the pattern .*\\S\+\$/);
    // The pattern is one shared schema: Update Password's check changed with it.
    expect(after.requestSchemaErrors("UpdatePasswordRequest", { userId: 1, newPassword: "Pass w0rd!" }).map((e) => e.keyword)).toEqual(["pattern"]);
  }, GENERATE_TIMEOUT);

  it("fails after an operation changes in the spec; once regenerated, the operation table follows", async () => {
    copy = copyProject();
    copy.edit("openapi/openapi.yaml", "  /v2/users/send-sms:\n", "  /v2/users/sms:\n");
    const stale = await copy.generate("--check");
    expect(stale.code).toBe(1);
    expect(stale.output).toMatch(/generated\/ is stale: schema\.ts, operations\.ts/);
    expect((await copy.generate()).code).toBe(0);
    const after = (await import(join(copy.dir, "generated", "operations.ts"))) as typeof import("../../generated/operations.js");
    expect(after.operations.sendSms).toMatchObject({ method: "POST", path: "/v2/users/sms", body: "SendSmsRequest", result: "boolean" });
  }, GENERATE_TIMEOUT);
});
