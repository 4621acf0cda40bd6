import { requestDefaults } from "../generated/request-schemas.js";
import type { Caller } from "./call.js";
import type { RequestOptions, ResolvedOptions } from "./options.js";
import { paginate, type UserPager } from "./paginate.js";
import { assertValidRequest } from "./request-checks.js";
import type { CreateUserInput, ListAllInput, ListUsersInput, User } from "./types.js";

/** The users endpoints, unwrapped: each method resolves to the envelope's `data` or throws an `EcgridError`. */
export interface UsersResource {
  /**
   * Creates a user (`POST /v2/users`) and resolves to it. Retried only after a 429: after a 5xx,
   * a timeout or a dropped connection the user may exist already, so the error is thrown instead.
   */
  create(input: CreateUserInput, options?: RequestOptions): Promise<User>;
  /** One page of users (`POST /v2/users/list`). `{}` is the first page of 25. */
  list(input?: ListUsersInput, options?: RequestOptions): Promise<User[]>;
  /** Every user matching the filters, requesting page 1, 2, … until a short page. */
  listAll(input?: ListAllInput, options?: RequestOptions): UserPager<User>;
}

/** Builds the users resource over the resolved options. */
export function usersResource(resolved: ResolvedOptions, call: Caller): UsersResource {
  const listPage = async (input: ListUsersInput, options: RequestOptions | undefined, validate: boolean): Promise<User[]> => {
    if (validate) assertValidRequest("listUsers", input);
    return (await call({ method: "POST", path: "/v2/users/list", body: input, idempotent: true, result: "users", secrets: [] }, options)) as User[];
  };

  return {
    async create(input, options) {
      if (resolved.validateRequests) assertValidRequest("createUser", input);
      const password = (input as { password?: unknown } | undefined)?.password;
      const secrets = typeof password === "string" ? [password] : [];
      return (await call({ method: "POST", path: "/v2/users", body: input, idempotent: false, result: "user", secrets }, options)) as User;
    },
    list: (input, options) => listPage(input ?? {}, options, resolved.validateRequests),
    listAll(filters, options) {
      const input = filters ?? {};
      // Checked once, before anything is sent; the pages differ only in pageNo (and recordsPerPage, when the server caps it).
      if (resolved.validateRequests) assertValidRequest("listUsers", { ...input, pageNo: 1 });
      const pageSize = input.recordsPerPage ?? requestDefaults.ListUsersRequest.recordsPerPage;
      return paginate(
        ({ pageNo, recordsPerPage }, signal) => listPage({ ...input, pageNo, ...(recordsPerPage === undefined ? {} : { recordsPerPage }) }, { ...options, signal }, false),
        pageSize,
        options?.signal,
      );
    },
  };
}
