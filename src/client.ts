import { resolveOptions, type EcgridClientOptions } from "./options.js";
import { createRawClient, type RawClient } from "./raw-client.js";
import { retryingFetch } from "./send.js";
import { usersResource, type UsersResource } from "./users.js";

/** The ECGrid users client. */
export interface EcgridClient {
  /** Create and list users, with envelopes unwrapped and failures thrown as `EcgridError`s. */
  readonly users: UsersResource;
  /**
   * The typed openapi-fetch client, for full control: it returns `{ data, error, response }` and
   * never throws for an HTTP status. It shares the key, timeouts and retry rules of the client.
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
  const raw = createRawClient({
    baseUrl: resolved.baseUrl,
    apiKey: resolved.apiKey,
    // The raw client's calls follow the same rules; openapi-fetch puts the caller's signal on the request.
    fetch: retryingFetch(resolved.fetch, (request) => ({
      idempotent: IDEMPOTENT_PATH.test(new URL(request.url).pathname),
      timeoutMs: resolved.timeoutMs,
      maxRetries: resolved.maxRetries,
      signal: request.signal,
      onAttempt: resolved.onAttempt,
    })),
  });
  // The key lives only in these closures, so util.inspect(client) cannot show it.
  return Object.freeze({ users: usersResource(resolved), raw });
}
