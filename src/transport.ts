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
  /** Aborts the exchange and closes its connection: the attempt's timeout or the caller's abort. */
  signal: AbortSignal;
  /** The most bytes of (decoded) body to read; past it the exchange is aborted. */
  maxResponseBytes: number;
  /** Whether sending the request twice does no harm; a transport may then repeat it at once. */
  idempotent: boolean;
}

/** A complete answer: the body has been read. */
export interface WireResponse {
  status: number;
  statusText: string;
  headers: WireHeaders;
  body: string;
}

/**
 * Sends one request and reads the whole answer, following no redirect. Rejects when no
 * complete answer came, or with {@link RefusedAnswer} past `maxResponseBytes`.
 */
export type Transport = (request: WireRequest) => Promise<WireResponse>;

/** A transport: takes a Request, resolves to its Response. Global `fetch` is one. */
export type FetchLike = (request: Request) => Promise<Response>;

/**
 * An answer the transport refused to read or to pass on: a body past `maxResponseBytes` (the
 * exchange was aborted), or the answer of a redirect that a `fetch` followed on its own. The
 * client turns it into an `EcgridApiError`, never retried.
 */
export class RefusedAnswer extends Error {
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: WireHeaders,
    /** Why, as the end of a sentence: "the response body exceeded …". */
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The reason of a {@link RefusedAnswer} for a body past the limit. */
export const tooLarge = (limit: number) => `the response body exceeded maxResponseBytes (${limit} bytes); the request was aborted`;

/** No headers at all, for answers the runtime hides (an opaque redirect in a browser). */
const NO_HEADERS: WireHeaders = { get: () => null, forEach: () => {} };

/**
 * A transport over any fetch: global fetch in browsers and edge runtimes, or the `fetch` option.
 * The Request says `redirect: "manual"`, so a 3xx comes back as it is (or, in a browser, as an
 * opaque redirect with status 0) instead of carrying the key to another origin. The body is read
 * as a stream and counted, and cancelled on abort, which closes its connection.
 */
export function fetchTransport(fetchImpl: FetchLike): Transport {
  return async ({ method, url, headers, body, signal, maxResponseBytes }) => {
    const request = new Request(url, { method, headers, body: body ?? null, signal, redirect: "manual" });
    // Node's fetch passes an abort on to the connection only while the Request is alive: held
    // here until the exchange ends, so a timeout or an abort always closes it.
    inFlight.add(request);
    try {
      return await exchange(fetchImpl, request, signal, maxResponseBytes);
    } finally {
      inFlight.delete(request);
    }
  };
}

/** The Requests of the exchanges under way, kept from the garbage collector. */
const inFlight = new Set<Request>();

async function exchange(fetchImpl: FetchLike, request: Request, signal: AbortSignal, maxResponseBytes: number): Promise<WireResponse> {
  const response = await fetchImpl(request);
  if (signal.aborted) {
    // A fetch that ignored the signal answered after all: release its connection.
    void response.body?.cancel().catch(() => {});
    throw signal.reason;
  }
  if (response.type === "opaqueredirect") return { status: 0, statusText: "opaque redirect", headers: NO_HEADERS, body: "" };
  // A copy, read here: a Response-like object with odd headers fails as a transport error.
  const headers = copyHeaders(response.headers);
  const statusText = String(response.statusText ?? "");
  if (response.redirected) {
    // A fetch that ignores `request.redirect` followed one: its answer is not this request's.
    void response.body?.cancel().catch(() => {});
    throw new RefusedAnswer(response.status, statusText, headers, `the fetch followed a redirect to ${new URL(response.url).origin}; its answer was not used`);
  }
  return { status: response.status, statusText, headers, body: await readBody(response, signal, maxResponseBytes) };
}

/** Response headers as a plain, read-once copy. */
function copyHeaders(source: Headers): WireHeaders {
  const entries: [string, string][] = [];
  source.forEach((value, name) => entries.push([name.toLowerCase(), String(value)]));
  return {
    get: (name) => entries.find(([n]) => n === name.toLowerCase())?.[1] ?? null,
    forEach: (callback) => entries.forEach(([name, value]) => callback(value, name)),
  };
}

/** Reads a body as UTF-8, counting decoded bytes as they arrive. */
async function readBody(response: Response, signal: AbortSignal, limit: number): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  signal.addEventListener("abort", cancel, { once: true });
  try {
    const decoder = new TextDecoder();
    const parts: string[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limit) {
        cancel();
        throw new RefusedAnswer(response.status, String(response.statusText ?? ""), copyHeaders(response.headers), tooLarge(limit));
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join("");
  } finally {
    signal.removeEventListener("abort", cancel);
  }
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
    loading ??= import("./transport-node.js").then((m) => (loaded = m.createNodeTransport((status, statusText, headers, limit) => new RefusedAnswer(status, statusText, headers, tooLarge(limit)))));
    return loading.then((transport) => transport(request));
  };
}
