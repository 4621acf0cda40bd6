import { describe, expectTypeOf, it } from "vitest";
import {
  AUTH_LEVELS,
  createEcgridClient,
  isAuthLevel,
  isErrorCode,
  isUserStatus,
  USER_STATUSES,
  type ErrorCode,
  type AuthLevel,
  type CreateUserInput,
  type EcgridApiError,
  type ListUsersInput,
  type User,
  type UserPager,
  type UserStatus,
} from "../../src/index.js";

const ecgrid = createEcgridClient({ apiKey: "k" });

describe("create", () => {
  it("requires login, password and email", () => {
    expectTypeOf<CreateUserInput>().toHaveProperty("login").toEqualTypeOf<string>();
    // @ts-expect-error: password is required
    void ecgrid.users.create({ login: "a", email: "a@b.co" });
    // @ts-expect-error: email is required
    void ecgrid.users.create({ login: "a", password: "Passw0rd!" });
    // @ts-expect-error: login is required
    void ecgrid.users.create({ password: "Passw0rd!", email: "a@b.co" });
    expectTypeOf(ecgrid.users.create({ login: "a", password: "Passw0rd!", email: "a@b.co" })).resolves.toEqualTypeOf<User>();
  });

  it("accepts only the AuthLevels create allows (not NoChange), or null", () => {
    expectTypeOf<CreateUserInput["authLevel"]>().toEqualTypeOf<Exclude<AuthLevel, "NoChange"> | null | undefined>();
    // @ts-expect-error: not an AuthLevel
    void ecgrid.users.create({ login: "a", password: "Passw0rd!", email: "a@b.co", authLevel: "SuperUser" });
    // @ts-expect-error: NoChange is for updates ("not valid for UserAdd")
    void ecgrid.users.create({ login: "a", password: "Passw0rd!", email: "a@b.co", authLevel: "NoChange" });
    void ecgrid.users.create({ login: "a", password: "Passw0rd!", email: "a@b.co", authLevel: null, networkId: null });
    void ecgrid.users.create({ login: "a", password: "Passw0rd!", email: "a@b.co", authLevel: "MailboxAdmin" });
  });

  it("keeps ids integers-as-numbers, not strings", () => {
    // @ts-expect-error: networkId is a number
    void ecgrid.users.create({ login: "a", password: "Passw0rd!", email: "a@b.co", networkId: "1" });
  });
});

describe("list", () => {
  it("takes an empty filter, or none", () => {
    expectTypeOf(ecgrid.users.list({})).resolves.toEqualTypeOf<User[]>();
    expectTypeOf(ecgrid.users.list()).resolves.toEqualTypeOf<User[]>();
    expectTypeOf<{}>().toExtend<ListUsersInput>();
  });

  it("accepts only Status values for status", () => {
    // @ts-expect-error: not a Status
    void ecgrid.users.list({ status: "Deleted" });
  });

  it("listAll sets pageNo itself", () => {
    expectTypeOf(ecgrid.users.listAll({ networkId: 1 })).toEqualTypeOf<UserPager<User>>();
    // @ts-expect-error: pageNo belongs to listAll
    void ecgrid.users.listAll({ pageNo: 2 });
  });
});

describe("User", () => {
  it("has a numeric userId", () => {
    expectTypeOf<User["userId"]>().toEqualTypeOf<number>();
  });

  it("offers the known enum values and tolerates new ones", () => {
    expectTypeOf<AuthLevel>().toExtend<User["authLevel"]>();
    expectTypeOf<UserStatus>().toExtend<User["status"]>();
    expectTypeOf<"SomeFutureLevel">().toExtend<User["authLevel"]>();
  });

  it("exports the enum values at run time, typed", () => {
    expectTypeOf(AUTH_LEVELS).toEqualTypeOf<readonly AuthLevel[]>();
    expectTypeOf(USER_STATUSES).toEqualTypeOf<readonly UserStatus[]>();
  });
});

describe("errors and the raw client", () => {
  it("types EcgridApiError's fields", () => {
    expectTypeOf<EcgridApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<EcgridApiError["name"]>().toEqualTypeOf<"EcgridApiError">();
    expectTypeOf<"InvalidAPIKey">().toExtend<NonNullable<EcgridApiError["errorCode"]>>();
  });

  it("keeps the raw client typed by the spec's paths", async () => {
    const { data } = await ecgrid.raw.POST("/v2/users/list", { body: {} });
    expectTypeOf<NonNullable<typeof data>["data"][number]["userId"]>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<typeof data>["success"]>().toEqualTypeOf<true>();
    // @ts-expect-error: not a path of the spec
    void ecgrid.raw.POST("/v2/users/delete", { body: {} });
  });
});

describe("the other operations", () => {
  it("resolve to what the API returns: a user, users, true, or a string", () => {
    expectTypeOf(ecgrid.users.get(1)).resolves.toEqualTypeOf<User>();
    expectTypeOf(ecgrid.users.getByLogin("jsmith")).resolves.toEqualTypeOf<User[]>();
    expectTypeOf(ecgrid.users.me()).resolves.toEqualTypeOf<User>();
    expectTypeOf(ecgrid.users.update({ userId: 1, email: "a@b.co" })).resolves.toEqualTypeOf<User>();
    expectTypeOf(ecgrid.users.setRole({ userId: 1, authLevel: "NoChange" })).resolves.toEqualTypeOf<User>();
    expectTypeOf(ecgrid.users.setPassword({ userId: 1, newPassword: "Passw0rd!" })).resolves.toEqualTypeOf<true>();
    expectTypeOf(ecgrid.users.generatePassword()).resolves.toEqualTypeOf<string>();
    expectTypeOf(ecgrid.users.terminate(1)).resolves.toEqualTypeOf<true>();
    expectTypeOf(ecgrid.users.getApiKey(1)).resolves.toEqualTypeOf<string>();
  });

  it("take the documented fields, typed", () => {
    // @ts-expect-error: userId is required
    void ecgrid.users.update({ email: "a@b.co" });
    // @ts-expect-error: authLevel is required to set a role
    void ecgrid.users.setRole({ userId: 1 });
    // @ts-expect-error: the id is a number
    void ecgrid.users.get("1042");
    // @ts-expect-error: a message is required
    void ecgrid.users.sendSms({ userId: 1 });
    // Update Config takes any configuration fields beside userId.
    void ecgrid.users.updateConfig({ userId: 1, cellCarrier: "Verizon" });
  });
});

describe("type guards", () => {
  it("narrow an open value to a known one in one call", () => {
    const level: User["authLevel"] = "MailboxUser";
    if (isAuthLevel(level)) expectTypeOf(level).toEqualTypeOf<AuthLevel>();
    const status: User["status"] = "Active";
    if (isUserStatus(status)) expectTypeOf(status).toEqualTypeOf<UserStatus>();
    const code: EcgridApiError["errorCode"] = "AccessDenied";
    if (isErrorCode(code)) expectTypeOf(code).toEqualTypeOf<ErrorCode>();
  });
});
