import { operations } from "../generated/operations.js";
import { createCaller, rawFetch } from "./call.js";
import { resolveOptions, type EcgridClientOptions } from "./options.js";
import { createRawClient, type RawClient } from "./raw-client.js";
import { callerError } from "./errors.js";
import { createRedactor } from "./redact.js";
import { retryRules } from "./retry-rules.js";
import { usersResource, type UsersResource } from "./users.js";

/** The ECGrid users client. */
export interface EcgridClient {
  /** The 16 users operations, with envelopes unwrapped and failures thrown as `EcgridError`s. */
  readonly users: UsersResource;
  /**
   * The typed openapi-fetch client, for full control: it returns `{ data, error, response }` and
   * never throws for an HTTP status. It sends through the same path as `users`: the same key,
   * transport, timeouts, size limit, retry rules, and no redirect followed.
   */
  readonly raw: RawClient;
}

type Route = { method: string; pattern: RegExp; idempotent: boolean; secretFields: readonly string[] };
let routeTable: Route[] | undefined;

/**
 * Each operation's path as a pattern (literal paths first, so `/v2/users/me` is not `{id}`), for
 * the raw client. Built on its first call rather than at import: compiling 16 patterns was an
 * eighth of what importing the package cost, for a client most programs never use.
 */
const routes = (): Route[] =>
  (routeTable ??= Object.entries(operations)
    .sort(([, a], [, b]) => a.pathParams.length - b.pathParams.length)
    .map(([id, op]) => ({ method: op.method, pattern: new RegExp(`${op.path.replace(/\{\w+\}/g, "[^/]+")}$`), idempotent: retryRules[id as keyof typeof operations], secretFields: op.secretFields })));

/** The passwords a raw call's `init.body` sends, so that an error of the raw client hides them too. */
function bodySecrets(init: unknown): string[] {
  try {
    const body = (init as { body?: Record<string, unknown> } | undefined)?.body;
    return [body?.password, body?.newPassword].filter((v): v is string => typeof v === "string");
  } catch {
    // The caller's odd init: the key is redacted all the same.
    return [];
  }
}

/**
 * How the raw client sends a request: by the rules of the operation its path is, and, for a
 * path the spec does not have, as a request that is never sent twice and whose `password`
 * fields are secrets.
 */
function rawRules(method: string, pathname: string) {
  return routes().find((r) => r.method === method && r.pattern.test(pathname)) ?? { idempotent: false, secretFields: ["password", "newPassword"] };
}

/**
 * Creates a client. With no options it reads `ECGRID_API_KEY` (and `ECGRID_BASE_URL`) from the
 * environment. Throws {@link EcgridError} at once when the key is missing or malformed, or when
 * `baseUrl` would send it in clear text.
 */
export function createEcgridClient(options: EcgridClientOptions = {}): EcgridClient {
  let resolved: ReturnType<typeof resolveOptions>;
  try {
    resolved = resolveOptions(options);
  } catch (error) {
    throw callerError(error, "the options of createEcgridClient");
  }
  const raw = createRawClient({ baseUrl: resolved.baseUrl, apiKey: resolved.apiKey, fetch: rawFetch(resolved, rawRules), redactorFor: (init) => createRedactor([resolved.apiKey, ...bodySecrets(init)]) });
  // The key lives only in these closures, so util.inspect(client) cannot show it.
  return Object.freeze({ users: usersResource(resolved, createCaller(resolved)), raw });
}
