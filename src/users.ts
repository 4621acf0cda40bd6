import { operations, type OperationId } from "../generated/operations.js";
import { requestDefaults } from "../generated/request-schemas.js";
import type { Caller } from "./call.js";
import { callerError, EcgridValidationError } from "./errors.js";
import { checkSignal, type RequestOptions, type ResolvedOptions } from "./options.js";
import { paginate, type UserPager } from "./paginate.js";
import { assertValidRequest, type CheckedOperation } from "./request-checks.js";
import { retryRules } from "./retry-rules.js";
import { safeCreate } from "./safe-create.js";
import type {
  CreateUserInput,
  GeneratePasswordInput,
  ListAllInput,
  ListUsersInput,
  SendSmsInput,
  SetNetworkMailboxInput,
  SetRoleInput,
  UpdateConfigInput,
  UpdatePasswordInput,
  UpdateUserInput,
  User,
} from "./types.js";


/**
 * The users endpoints, unwrapped: each method resolves to the envelope's `data` or throws an
 * `EcgridError`. A method that returns a boolean in the API resolves to `true`, and throws an
 * `EcgridApiError` when the server answers `false`. Every method takes `RequestOptions` last.
 */
export interface UsersResource {
  /**
   * Creates a user (`POST /v2/users`) and resolves to it. After an ambiguous failure (a 5xx, a
   * timeout, a dropped connection) it looks the login up instead of guessing (see `safeCreate`).
   */
  create(input: CreateUserInput, options?: RequestOptions): Promise<User>;
  /** One page of users (`POST /v2/users/list`). `{}` is the first page of 25. */
  list(input?: ListUsersInput, options?: RequestOptions): Promise<User[]>;
  /** Every user matching the filters, requesting page 1, 2, … until a short page. */
  listAll(input?: ListAllInput, options?: RequestOptions): UserPager<User>;
  /** One user by id (`GET /v2/users/{id}`). */
  get(userId: number, options?: RequestOptions): Promise<User>;
  /** Every user with this login, one per network where it exists (`POST /v2/users/by-name`). */
  getByLogin(login: string, options?: RequestOptions): Promise<User[]>;
  /** The user the API key belongs to (`GET /v2/users/me`). */
  me(options?: RequestOptions): Promise<User>;
  /** Changes a user's email or names (`PUT /v2/users`) and resolves to the user as saved. */
  update(input: UpdateUserInput, options?: RequestOptions): Promise<User>;
  /** Gives a user an AuthLevel, at or below the caller's (`POST /v2/users/role`). */
  setRole(input: SetRoleInput, options?: RequestOptions): Promise<User>;
  /** Moves a user to another network or mailbox (`POST /v2/users/set-network-mailbox`). */
  setNetworkMailbox(input: SetNetworkMailboxInput, options?: RequestOptions): Promise<User>;
  /** Sets a user's password (`POST /v2/users/password`); `newPassword` is redacted everywhere. */
  setPassword(input: UpdatePasswordInput, options?: RequestOptions): Promise<true>;
  /** A random password that meets ECGrid's rule (`POST /v2/users/generate-password`). A secret: keep it out of logs. */
  generatePassword(input?: GeneratePasswordInput, options?: RequestOptions): Promise<string>;
  /** Terminates a user, for good (`DELETE /v2/users/{id}`). */
  terminate(userId: number, options?: RequestOptions): Promise<true>;
  /** Invalidates a user's sessions (`POST /v2/users/reset/{id}`). */
  resetSessions(userId: number, options?: RequestOptions): Promise<true>;
  /** Texts a user's configured phone (`POST /v2/users/send-sms`). Never sent twice by the client. */
  sendSms(input: SendSmsInput, options?: RequestOptions): Promise<true>;
  /** Updates a user's configuration (`POST /v2/users/update-config`): any fields beside `userId`. */
  updateConfig(input: UpdateConfigInput, options?: RequestOptions): Promise<true>;
  /** A user's API key (`GET /v2/users/key/{id}`). A secret: keep it out of logs. */
  getApiKey(userId: number, options?: RequestOptions): Promise<string>;
  /** A new API key for a user, invalidating the old one (`POST /v2/users/key-generate/{id}`). Never sent twice by the client. */
  generateApiKey(userId: number, options?: RequestOptions): Promise<string>;
}

/** Calls one operation of the spec, by its line in generated/operations.ts and retry-rules.ts. */
export type Invoke = (id: OperationId, input: { id?: unknown; body?: unknown }, options?: RequestOptions, validate?: boolean, secrets?: readonly string[]) => Promise<unknown>;

/** Builds the users resource over the resolved options. */
export function usersResource(resolved: ResolvedOptions, call: Caller): UsersResource {
  const invoke: Invoke = async (id, input, options, validate = resolved.validateRequests, more = []) => {
    try {
      return await sendOperation(id, input, options, validate, more);
    } catch (error) {
      throw callerError(error, `the input of ${id}`, options);
    }
  };
  const sendOperation: Invoke = (id, input, options, validate, more = []) => {
    const op = operations[id];
    // `undefined` is "no input" (generatePassword()); anything else, null included, is judged as given.
    const body = op.body === undefined ? undefined : input.body === undefined ? {} : input.body;
    if (op.body !== undefined && validate) assertValidRequest(id as CheckedOperation, body, { allowUnknownFields: resolved.allowUnknownFields });
    // A path parameter (every one of these is a user id) is always checked: it goes into the URL.
    if (op.pathParams.length > 0 && !Number.isSafeInteger(input.id)) throw new EcgridValidationError(id, [{ path: "userId", message: "userId must be an integer" }]);
    const secrets = [...more, ...op.secretFields.map((field) => (body as Record<string, unknown> | null)?.[field]).filter((v): v is string => typeof v === "string")];
    const path = op.path.replace(/\{\w+\}/g, String(input.id));
    return call({ method: op.method, path, body, idempotent: retryRules[id], result: op.result, secrets, secretResult: op.secretResult }, options);
  };
  const byId = (id: OperationId) => (userId: number, options?: RequestOptions) => invoke(id, { id: userId }, options);
  const withBody = (id: OperationId) => (body: unknown, options?: RequestOptions) => invoke(id, { body }, options);
  const users = {
    create: (input: CreateUserInput, options?: RequestOptions) => safeCreate(resolved, invoke, input, options).catch((error: unknown) => Promise.reject(callerError(error, "the input of createUser", options))),
    list: (input?: ListUsersInput, options?: RequestOptions) => invoke("listUsers", { body: input ?? {} }, options),
    listAll(filters?: ListAllInput, options?: RequestOptions) {
      let input: ListAllInput;
      let pageSize: unknown;
      let checked: AbortSignal | undefined;
      try {
        checked = checkSignal(options?.signal);
        input = { ...filters };
        // Checked once, before anything is sent; the pages differ only in pageNo (and recordsPerPage, when the server caps it).
        if (resolved.validateRequests) assertValidRequest("listUsers", { ...input, pageNo: 1 }, { allowUnknownFields: resolved.allowUnknownFields });
        pageSize = input.recordsPerPage ?? requestDefaults.ListUsersRequest.recordsPerPage;
      } catch (error) {
        throw callerError(error, "the filters of listAll");
      }
      // Unchecked (validateRequests: false), a size below 1 would make every empty page look full.
      if (typeof pageSize !== "number" || !(pageSize >= 1)) throw new EcgridValidationError("listUsers", [{ path: "recordsPerPage", message: "recordsPerPage must be >= 1" }]);
      const page = (body: ListUsersInput, signal: AbortSignal) => invoke("listUsers", { body }, { ...options, signal }, false) as Promise<User[]>;
      return paginate<User>(({ pageNo, recordsPerPage }, signal) => page({ ...input, pageNo, ...(recordsPerPage === undefined ? {} : { recordsPerPage }) }, signal), pageSize, checked, resolved.timeoutMs);
    },
    get: byId("getUser"),
    getByLogin: (login: string, options?: RequestOptions) => invoke("getUserByName", { body: { login } }, options),
    me: (options?: RequestOptions) => invoke("getMe", {}, options),
    update: withBody("updateUser"),
    setRole: withBody("setRole"),
    setNetworkMailbox: withBody("setNetworkMailbox"),
    setPassword: withBody("updatePassword"),
    generatePassword: withBody("generatePassword"),
    terminate: byId("terminateUser"),
    resetSessions: byId("resetSessions"),
    sendSms: withBody("sendSms"),
    updateConfig: withBody("updateConfig"),
    getApiKey: byId("getApiKey"),
    generateApiKey: byId("generateApiKey"),
  };
  return users as UsersResource;
}
