import { createCaller, rawFetch } from "./call.js";
import { resolveOptions, type EcgridClientOptions } from "./options.js";
import { createRawClient, guardRawClient, type RawClient } from "./raw-client.js";
import { createRedactor } from "./redact.js";
import { usersResource, type UsersResource } from "./users.js";

/** The ECGrid users client. */
export interface EcgridClient {
  /** Create and list users, with envelopes unwrapped and failures thrown as `EcgridError`s. */
  readonly users: UsersResource;
  /**
   * The typed openapi-fetch client, for full control: it returns `{ data, error, response }` and
   * never throws for an HTTP status. It sends through the same path as `users`: the same key,
   * transport, timeouts, size limit, retry rules, and no redirect followed.
   */
  readonly raw: RawClient;
}

/** The path of the one operation that changes nothing, and so may be retried after any failure. */
const IDEMPOTENT_PATH = /\/v2\/users\/list$/;

/**
 * Creates a client. With no options it reads `ECGRID_API_KEY` (and `ECGRID_BASE_URL`) from the
 * environment. Throws {@link EcgridError} at once when the key is missing or malformed, or when
 * `baseUrl` would send it in clear text.
 */
export function createEcgridClient(options: EcgridClientOptions = {}): EcgridClient {
  const resolved = resolveOptions(options);
  const rules = (method: string, pathname: string) => ({ idempotent: method === "GET" || IDEMPOTENT_PATH.test(pathname), secretFields: ["password"] });
  const raw = guardRawClient(createRawClient({ baseUrl: resolved.baseUrl, apiKey: resolved.apiKey, fetch: rawFetch(resolved, rules) }), createRedactor([resolved.apiKey]));
  // The key lives only in these closures, so util.inspect(client) cannot show it.
  return Object.freeze({ users: usersResource(resolved, createCaller(resolved)), raw });
}
