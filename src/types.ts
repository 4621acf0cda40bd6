import type { AuthLevel, CreateUserRequest, ListUsersRequest, Status, UserIdInfo } from "../generated/schema.js";
import type { Open } from "./errors.js";

export type { AuthLevel } from "../generated/schema.js";

/** A user's lifecycle status: `Development`, `Active`, `Preproduction`, `Suspended` or `Terminated`. */
export type UserStatus = Status;

/**
 * A user as the API returns it (the spec's `UserIDInfo`). `authLevel` and `status` also accept
 * values added to the API after this release, and fields this release does not know are kept.
 */
export type User = {
  [K in keyof UserIdInfo]: K extends "authLevel" ? Open<AuthLevel> : K extends "status" ? Open<UserStatus> : UserIdInfo[K];
};

/** The fields of Create User: `login`, `password` and `email` are required. */
export type CreateUserInput = CreateUserRequest;

/** The filters and page of List Users; `{}` lists the first page of every user you can see. */
export type ListUsersInput = ListUsersRequest;

/** The filters of `listAll`, which sets `pageNo` itself. */
export type ListAllInput = Omit<ListUsersRequest, "pageNo">;
