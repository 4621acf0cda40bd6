/** `fake.fetch`: the fake in-process, behind the signature of global fetch. */
import type { IncomingRequest, Outcome } from "./pipeline.js";

/**
 * What global fetch rejects with when the connection drops before the answer: a TypeError
 * "fetch failed" whose cause is the socket error (undici's wording).
 */
function droppedConnection(): TypeError {
  const cause = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
  return new TypeError("fetch failed", { cause });
}

/** Never settles, unless the request's signal aborts: then it rejects with the signal's reason, as fetch does. */
function stalled(signal: AbortSignal): Promise<Response> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
}

/** A fetch whose requests `handle` answers. */
export function fetchAdapter(handle: (request: IncomingRequest) => Outcome): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    if (request.signal.aborted) throw request.signal.reason;
    const body = await request.text();
    const outcome = handle({ method: request.method, pathname: new URL(request.url).pathname, header: (name) => request.headers.get(name) ?? undefined, body });
    if (outcome.kind === "reset") throw droppedConnection();
    if (outcome.kind === "stall") return stalled(request.signal);
    const { answer } = outcome;
    return new Response(answer.body, { status: answer.status, headers: { "content-type": "application/json", ...answer.headers } });
  };
}
