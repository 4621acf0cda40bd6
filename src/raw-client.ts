import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { EcgridError, isEcgridError } from "./errors.js";
import type { Redactor } from "./redact.js";

/** The typed openapi-fetch client for the ECGrid users API: full control, no unwrapping. */
export type RawClient = Client<paths, "application/json">;

/** Options of {@link createRawClient}. */
export interface RawClientOptions {
  /** Base URL of the API, without the `/v2` prefix. */
  baseUrl: string;
  /** Sent as `X-API-Key` on every request; omitted when undefined. */
  apiKey?: string | undefined;
  /** The transport; global `fetch` by default. */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
}

/**
 * Creates an openapi-fetch client typed with the generated `paths`: every path, body and
 * response is checked by TypeScript against openapi/openapi.yaml.
 */
export function createRawClient(options: RawClientOptions): RawClient {
  return createClient<paths, "application/json">({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    ...(options.apiKey === undefined ? {} : { headers: { "X-API-Key": options.apiKey } }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

/**
 * Wraps a raw client so that nothing but an `EcgridError` (or the caller's abort reason)
 * escapes it: openapi-fetch itself throws a `SyntaxError` for a 2xx body that is not JSON,
 * and a `TypeError` for a URL it cannot build.
 */
export function guardRawClient(client: RawClient, redactor: Redactor): RawClient {
  const guarded: Record<string, unknown> = { ...client };
  for (const name of METHODS) {
    const method = client[name] as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        if (isEcgridError(error) || isAbortReason(error, args)) throw error;
        // V8's JSON errors quote the body they choke on, so the message is redacted too.
        const what = redactor.text(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        throw new EcgridError(`The raw client could not complete the call: ${what.length > 500 ? `${what.slice(0, 500)}…` : what}`, { cause: redactor.cause(error) });
      }
    };
  }
  return guarded as unknown as RawClient;
}

/** Whether `error` is the reason of an aborted signal passed in a call's options. */
function isAbortReason(error: unknown, args: unknown[]): boolean {
  return args.some((arg) => {
    const signal = (arg as { signal?: AbortSignal } | undefined)?.signal;
    return signal?.aborted === true && signal.reason === error;
  });
}
