import { EcgridApiError, EcgridNetworkError, isEcgridError, type CreateRecovery, type EcgridError } from "../index.js";
import { UsageError } from "./usage-error.js";

/** What the command line knows when it explains an error: where the user set things. */
export interface ErrorContext {
  /** `--base-url` or `ECGRID_BASE_URL`, whichever gave the base URL. */
  urlSource: string;
  /** `--api-key-file <path>` or `ECGRID_API_KEY`. */
  keySource: string;
  /** The login a `create` asked for, to say how to check on it. */
  login?: string | undefined;
}

/** An error, explained: what happened, and the one line that says what to do next. */
export interface Explanation {
  message: string;
  next: string | undefined;
  code: 1 | 2;
}

/** The errors of the client and the command line, as the user should read them. */
export function explain(error: unknown, context: ErrorContext): Explanation | undefined {
  if (error instanceof UsageError) return { message: error.message, next: error.next, code: 2 };
  if (!isEcgridError(error)) return undefined;
  const recovery = error.recovery === undefined ? undefined : afterCreate(error.recovery, context.login);
  if (error instanceof EcgridApiError) {
    const body = error.body as { message?: unknown } | undefined;
    const server = typeof body?.message === "string" && body.message !== "" ? body.message : undefined;
    const message = error.errorCode !== undefined && server !== undefined ? `${error.errorCode} (HTTP ${error.status}): ${server}` : error.message;
    return { message, next: recovery ?? apiHint(error, context), code: 1 };
  }
  if (error instanceof EcgridNetworkError) {
    const tls = /wrong version number|WRONG_VERSION_NUMBER/i.test(causeText(error));
    if (tls) {
      const origin = error.request ? new URL(error.request.url).origin : "the server";
      return { message: `${origin} answered in plain HTTP, not TLS, but ${context.urlSource} says https.`, next: recovery ?? `If it is a plain-http server on this machine, set ${context.urlSource} to ${origin.replace(/^https:/, "http:")}.`, code: 1 };
    }
    return { message: error.message, next: recovery ?? networkHint(error, context), code: 1 };
  }
  return { message: error.message, next: recovery, code: 1 };
}

function afterCreate(recovery: CreateRecovery, login: string | undefined): string | undefined {
  const check = `check with 'ecgrid-users get --login ${login ?? "<login>"}'`;
  switch (recovery.outcome) {
    case "not-created":
      return "A lookup found no such user: it was not created, and running the command again is safe.";
    case "different-user":
      return `A user with that login exists in the network with another email: ${check} before trying again.`;
    case "lookup-failed":
      return `The user may or may not have been created (the lookup failed too): ${check} before trying again.`;
    default:
      return undefined;
  }
}

function apiHint(error: EcgridApiError, context: ErrorContext): string | undefined {
  if (error.status === 429 && error.retryAfterMs !== undefined) return `The server asks to wait ${duration(error.retryAfterMs)} before the next request.`;
  if (error.status >= 300 && error.status < 400) return `The server redirects elsewhere, which the client never follows: check ${context.urlSource}.`;
  switch (error.errorCode) {
    case "InvalidAPIKey":
      return `Check the key in ${context.keySource}.`;
    case "AccessDenied":
      return "Your key's user may not do this here; 'ecgrid-users whoami' shows its AuthLevel, network and mailbox.";
    case "ObjectNotFound":
      return "Check the id: 'ecgrid-users get --login <login>' finds a user's id.";
    case "DuplicateObject":
      return "Pick another login, or look at the existing user with 'ecgrid-users get --login <login>'.";
    default:
      return undefined;
  }
}

function networkHint(error: EcgridNetworkError, context: ErrorContext): string | undefined {
  const text = causeText(error);
  if (/ECONNREFUSED/.test(text)) return `Nothing answered there: check ${context.urlSource}, and that the server is running.`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `The host name does not resolve: check ${context.urlSource} and the network.`;
  if (/certificate/i.test(text)) return "The server's certificate is not trusted: if it is your own CA, point NODE_EXTRA_CA_CERTS at its certificate.";
  return undefined;
}

/** Every message and code down the error's causes, where Node and undici put the real reason. */
function causeText(error: EcgridError): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) parts.push(e.message, String((e as { code?: unknown }).code ?? ""));
  return parts.join(" ");
}

/** Milliseconds as a person would say them: "45 seconds", "2 minutes", "1 hour". */
export function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds < 120) return plural(seconds, "second");
  if (seconds < 7200) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds / 3600), "hour");
}
