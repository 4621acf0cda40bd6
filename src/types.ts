import type {
  AuthLevel,
  CreateUserRequest,
  GeneratePasswordRequest,
  GetUserByNameRequest,
  ListUsersRequest,
  SendSmsRequest,
  SetNetworkMailboxRequest,
  SetRoleRequest,
  Status,
  UpdateConfigRequest,
  UpdatePasswordRequest,
  UpdateUserRequest,
  UserIdInfo,
} from "../generated/schema.js";
import type { Open } from "./errors.js";

export type { AuthLevel, CreateUserAuthLevel } from "../generated/schema.js";

/** A user's lifecycle status: `Development`, `Active`, `Preproduction`, `Suspended` or `Terminated`. */
export type UserStatus = Status;

/**
 * A user as the API returns it (the spec's `UserIDInfo`). `authLevel` and `status` also accept
 * values added to the API after this release, fields this release does not know are kept, and
 * `firstName` and `lastName` may be absent or `null`.
 */
export type User = {
  [K in keyof UserIdInfo]: K extends "authLevel" ? Open<AuthLevel> : K extends "status" ? Open<UserStatus> : UserIdInfo[K];
};

/**
 * The fields of Create User: `login`, `password` and `email` are required. Optional fields may be
 * `null` (sent as given). `authLevel` is a `CreateUserAuthLevel`: any level but `NoChange`.
 */
export type CreateUserInput = CreateUserRequest;

/** The filters and page of List Users; `{}` lists the first page of every user you can see. Filters may be `null`. */
export type ListUsersInput = ListUsersRequest;

/** The filters of `listAll`, which sets `pageNo` itself. */
export type ListAllInput = Omit<ListUsersRequest, "pageNo">;

/** The login to look up with Get User by Name. */
export type GetUserByNameInput = GetUserByNameRequest;

/** The user to update (`userId`) and the profile fields to change. */
export type UpdateUserInput = UpdateUserRequest;

/** The user (`userId`) and the AuthLevel to give it, optionally scoped to a network or mailbox. */
export type SetRoleInput = SetRoleRequest;

/** The user (`userId`) and its new network or mailbox. */
export type SetNetworkMailboxInput = SetNetworkMailboxRequest;

/** The user (`userId`) and its new password (`newPassword`, a secret). */
export type UpdatePasswordInput = UpdatePasswordRequest;

/** The length of the password to generate (12 when not given). */
export type GeneratePasswordInput = GeneratePasswordRequest;

/** The user (`userId`) to text, and the `message`. */
export type SendSmsInput = SendSmsRequest;

/** The user (`userId`) whose configuration to update, and any configuration fields: the spec names none, so none is checked. */
export type UpdateConfigInput = UpdateConfigRequest;
