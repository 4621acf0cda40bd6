import { describe, expectTypeOf, it } from "vitest";
import {
  AUTH_LEVELS,
  createEcgridClient,
  USER_STATUSES,
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
