/** Response headers, as far as the client reads them. `Headers` is one. */
export interface WireHeaders {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

/** A request as the client sends it: a JSON body already encoded. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Aborts the exchange: the attempt's timeout or the caller's abort. */
  signal: AbortSignal;
}

/** A complete answer: the body has been read. */
export interface WireResponse {
  status: number;
  statusText: string;
  headers: WireHeaders;
  body: string;
}

/** Sends one request and reads the whole answer. Rejects when no complete answer came. */
export type Transport = (request: WireRequest) => Promise<WireResponse>;

/** A transport: takes a Request, resolves to its Response. Global `fetch` is one. */
export type FetchLike = (request: Request) => Promise<Response>;

/** A transport over any fetch: global fetch in browsers and edge runtimes, or the `fetch` option. */
export function fetchTransport(fetchImpl: FetchLike): Transport {
  return async ({ method, url, headers, body, signal }) => {
    const response = await fetchImpl(new Request(url, { method, headers, body: body ?? null, signal }));
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: await response.text() };
  };
}

/** Whether this runtime has Node's http module (Node, and Bun and Deno through their Node compatibility). */
const hasNodeHttp = typeof process !== "undefined" && typeof process.versions?.node === "string";

/**
 * The transport used when no `fetch` is given: Node's http(s) with keep-alive agents where it
 * exists, because it costs about half the CPU of global fetch per call; global fetch elsewhere.
 * The Node module is imported on first use, so importing this package stays cheap, and
 * bundlers for the browser drop it (package.json "browser" field).
 */
export function defaultTransport(): Transport {
  if (!hasNodeHttp) return fetchTransport((request) => globalThis.fetch(request));
  let loading: Promise<Transport> | undefined;
  let loaded: Transport | undefined;
  // Once loaded, requests go out synchronously: a prefetch must leave before the caller's next task.
  return (request) => {
    if (loaded) return loaded(request);
    loading ??= import("./transport-node.js").then((m) => (loaded = m.nodeTransport));
    return loading.then((transport) => transport(request));
  };
}
