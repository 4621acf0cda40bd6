import { createEcgridClient, type EcgridClient, type EcgridClientOptions } from "../../src/index.js";
import { SECRET_KEY } from "../support/fake-fetch.js";

/** How a test's calls leave the client: the built-in Node transport, or the `fetch` option. */
export interface Way {
  name: string;
  client(baseUrl: string, options?: EcgridClientOptions): EcgridClient;
}

/** Both transports; each test that takes a `Way` runs once per entry. */
export const WAYS: Way[] = [
  { name: "the Node transport", client: (baseUrl, options) => createEcgridClient({ apiKey: SECRET_KEY, baseUrl, ...options }) },
  {
    name: "the fetch option (global fetch)",
    client: (baseUrl, options) => createEcgridClient({ apiKey: SECRET_KEY, baseUrl, fetch: (request) => fetch(request), ...options }),
  },
];

/** Settles a promise into its value or its error, for assertions on either. */
export function settle(work: Promise<unknown>): Promise<{ value: unknown } | { error: unknown }> {
  return work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}
