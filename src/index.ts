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
  type EcgridErrorName,
  type Open,
  type RequestSummary,
  type ValidationIssue,
} from "./errors.js";

import { authLevelValues, errorCodeValues, statusValues } from "../generated/schema.js";
import type { AuthLevel, ErrorCode, Status } from "../generated/schema.js";

/** Every AuthLevel the spec defines, highest privilege first. */
export const AUTH_LEVELS: readonly AuthLevel[] = authLevelValues;
/** Every user Status the spec defines. */
export const USER_STATUSES: readonly Status[] = statusValues;
/** Every errorCode the spec documents. */
export const ERROR_CODES: readonly ErrorCode[] = errorCodeValues;
