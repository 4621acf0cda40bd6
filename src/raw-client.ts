import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";

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
