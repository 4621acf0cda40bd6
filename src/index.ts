/**
 * ecgrid-users: a typed client for the users endpoints of the ECGrid REST API v2.6.
 * @packageDocumentation
 */
export { createEcgridClient, type EcgridClient } from "./client.js";
export type { EcgridClientOptions, RequestOptions } from "./options.js";
export { DEFAULT_BASE_URL } from "./options.js";
export type { UsersResource } from "./users.js";
export type { UserPager } from "./paginate.js";
export type { AttemptEvent } from "./send.js";
export type { FetchLike } from "./transport.js";
export type { RawClient } from "./raw-client.js";
export type {
  AuthLevel,
  CreateUserAuthLevel,
  CreateUserInput,
  GeneratePasswordInput,
  GetUserByNameInput,
  ListAllInput,
  ListUsersInput,
  SendSmsInput,
  SetNetworkMailboxInput,
  SetRoleInput,
  UpdateConfigInput,
  UpdatePasswordInput,
  UpdateUserInput,
  User,
  UserStatus,
} from "./types.js";
export type { ErrorCode, paths, components } from "../generated/schema.js";
export {
  EcgridError,
  EcgridApiError,
  EcgridValidationError,
  EcgridTimeoutError,
  EcgridNetworkError,
  isEcgridError,
  isEcgridApiError,
  isEcgridValidationError,
  type CreateRecovery,
  type EcgridErrorName,
  type Open,
  type RequestSummary,
  type ValidationIssue,
} from "./errors.js";

export { AUTH_LEVELS, CREATE_AUTH_LEVELS, ERROR_CODES, USER_STATUSES, isAuthLevel, isErrorCode, isUserStatus } from "./enums.js";
