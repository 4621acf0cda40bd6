import { requestDefaults } from "../generated/request-validators.js";
import { EcgridError, type RequestSummary } from "./errors.js";
import { isObject, unexpectedShape, unwrapEnvelope } from "./envelope.js";
import { callPolicy, type RequestOptions, type ResolvedOptions } from "./options.js";
import { paginate, type UserPager } from "./paginate.js";
import { assertValidRequest } from "./request-checks.js";
import { send as sendRequest } from "./send.js";
import type { WireResponse } from "./transport.js";
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
export function usersResource(resolved: ResolvedOptions): UsersResource {
  const summary = (path: string): RequestSummary => ({ method: "POST", url: `${resolved.baseUrl}${path}` });
  const headers = { "x-api-key": resolved.apiKey, "content-type": "application/json", accept: "application/json" };

  async function send(path: "/v2/users" | "/v2/users/list", body: object, idempotent: boolean, secrets: string[], options: RequestOptions | undefined): Promise<{ data: unknown; response: WireResponse }> {
    const policy = { ...callPolicy(resolved, options), idempotent };
    let json: string;
    try {
      json = JSON.stringify(body);
    } catch (error) {
      throw new EcgridError(`Could not send POST ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error, request: summary(path) });
    }
    const response = await sendRequest(resolved.transport, { method: "POST", url: `${resolved.baseUrl}${path}`, headers, body: json }, policy);
    return { data: unwrapEnvelope(response, { request: summary(path), secrets }), response };
  }

  async function listPage(input: ListUsersInput, options: RequestOptions | undefined, validate: boolean): Promise<User[]> {
    if (validate) assertValidRequest("listUsers", input);
    const { data, response } = await send("/v2/users/list", input, true, [resolved.apiKey], options);
    if (!Array.isArray(data)) throw unexpectedShape(response, data, "an array of users", { request: summary("/v2/users/list"), secrets: [resolved.apiKey] });
    return data as User[];
  }

  return {
    async create(input, options) {
      if (resolved.validateRequests) assertValidRequest("createUser", input);
      const secrets = [resolved.apiKey, ...(typeof input?.password === "string" ? [input.password] : [])];
      const { data, response } = await send("/v2/users", input, false, secrets, options);
      if (!isObject(data)) throw unexpectedShape(response, data, "a user object", { request: summary("/v2/users"), secrets });
      return data as User;
    },
    list: (input = {}, options) => listPage(input, options, resolved.validateRequests),
    listAll(input = {}, options) {
      // Checked once, before anything is sent; the pages differ only in pageNo.
      if (resolved.validateRequests) assertValidRequest("listUsers", { ...input, pageNo: 1 });
      const pageSize = input.recordsPerPage ?? requestDefaults.ListUsersRequest.recordsPerPage;
      return paginate((pageNo, signal) => listPage({ ...input, pageNo }, { ...options, signal }, false), pageSize, options?.signal);
    },
  };
}
