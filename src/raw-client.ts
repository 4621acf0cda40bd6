import type { Client, Middleware } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { EcgridError, isEcgridError } from "./errors.js";
import { loadRedaction, type Redactor } from "./redact.js";
import type { FetchLike } from "./transport.js";

/** The typed openapi-fetch client for the ECGrid users API: full control, no unwrapping. */
export type RawClient = Client<paths, "application/json">;

/** What the raw client is built from. */
export interface RawClientOptions {
  /** Base URL of the API, without the `/v2` prefix. */
  baseUrl: string;
  /** Sent as `X-API-Key` on every request. */
  apiKey: string;
  /** What every request is sent through: the client's own path (see rawFetch). */
  fetch: FetchLike;
  /** The redactor of one call, given its `init`: the key, and the secrets its body sends. */
  redactorFor: (init: unknown) => Redactor;
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

/**
 * The raw client: openapi-fetch, typed with the generated `paths`, so every path, body and
 * response is checked by TypeScript against openapi/openapi.yaml.
 *
 * openapi-fetch is imported on the first call, not with the package: most programs use only
 * `users.*`, so importing the package stays cheap in Node, and a browser bundler puts
 * openapi-fetch in a chunk of its own that loads when `raw` is first used. Middleware given
 * to `use` before then is applied when it loads.
 *
 * Nothing but an `EcgridError` (or the caller's abort reason) escapes it: openapi-fetch itself
 * throws a `SyntaxError` for a 2xx body that is not JSON, and a `TypeError` for a URL it cannot build.
 */
export function createRawClient(options: RawClientOptions): RawClient {
  const middleware: Middleware[] = [];
  let loaded: RawClient | undefined;
  let loading: Promise<RawClient> | undefined;
  const load = () =>
    (loading ??= import("openapi-fetch").then(({ default: createClient }) => {
      loaded = createClient<paths, "application/json">({ baseUrl: options.baseUrl, headers: { "X-API-Key": options.apiKey }, fetch: options.fetch });
      loaded.use(...middleware);
      return loaded;
    }));
  const client: Record<string, unknown> = {
    use(...added: Middleware[]) {
      middleware.push(...added);
      loaded?.use(...added);
    },
    eject(...removed: Middleware[]) {
      for (const m of removed) {
        const at = middleware.indexOf(m);
        if (at !== -1) middleware.splice(at, 1);
      }
      loaded?.eject(...removed);
    },
  };
  for (const name of METHODS) {
    client[name] = async (...args: unknown[]) => {
      try {
        // openapi-fetch lets a call bring its own fetch or Request class: either would skip the
        // client's path (origin check, no redirects, limits, redaction), so neither is taken.
        for (const arg of args) {
          if (typeof arg === "object" && arg !== null && ("fetch" in arg || "Request" in arg)) {
            throw new EcgridError("The raw client takes no per-call fetch or Request: every call goes through the client's own transport (set the fetch option of createEcgridClient instead).");
          }
        }
        const raw = await load();
        return await (raw[name] as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        if (isEcgridError(error) || isAbortReason(error, args)) throw error;
        // V8's JSON errors quote the body they choke on, which may hold a secret: say what, never quote it.
        if (error instanceof SyntaxError) throw new EcgridError("The raw client could not read the answer: the body is not JSON.");
        await loadRedaction();
        const redactor = options.redactorFor(args[1]);
        const what = redactor.cut(error instanceof Error ? `${error.name}: ${error.message}` : String(error), 500);
        throw new EcgridError(`The raw client could not complete the call: ${what}`, { cause: redactor.cause(error) });
      }
    };
  }
  return client as unknown as RawClient;
}

/** Whether `error` is the reason of an aborted signal passed in a call's options. */
function isAbortReason(error: unknown, args: unknown[]): boolean {
  try {
    return args.some((arg) => {
      const signal = (arg as { signal?: AbortSignal } | undefined)?.signal;
      return signal?.aborted === true && signal.reason === error;
    });
  } catch {
    // A getter that throws: not the caller's abort.
    return false;
  }
}
