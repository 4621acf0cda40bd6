import { authLevelValues, createUserAuthLevelValues, errorCodeValues, statusValues } from "../generated/schema.js";
import type { AuthLevel, CreateUserAuthLevel, ErrorCode, Status } from "../generated/schema.js";

/** Every AuthLevel the spec defines, highest privilege first. */
export const AUTH_LEVELS: readonly AuthLevel[] = authLevelValues;
/** The AuthLevels a create may give: every one but `NoChange`, which is for updates. */
export const CREATE_AUTH_LEVELS: readonly CreateUserAuthLevel[] = createUserAuthLevelValues;
/** Every user Status the spec defines. */
export const USER_STATUSES: readonly Status[] = statusValues;
/** Every errorCode the spec documents. */
export const ERROR_CODES: readonly ErrorCode[] = errorCodeValues;

/**
 * Whether `value` is an AuthLevel this release knows. Responses carry open values (a level
 * added to the API later passes through), so narrowing `user.authLevel` to `AuthLevel` takes this.
 */
export const isAuthLevel = (value: unknown): value is AuthLevel => (AUTH_LEVELS as readonly unknown[]).includes(value);
/** Whether `value` is a user Status this release knows; narrows `user.status`. */
export const isUserStatus = (value: unknown): value is Status => (USER_STATUSES as readonly unknown[]).includes(value);
/** Whether `value` is an errorCode this release knows; narrows `error.errorCode`. */
export const isErrorCode = (value: unknown): value is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(value);
