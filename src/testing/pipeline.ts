/**
 * One request through the fake, the same whether it came through `fetch` or over HTTP: route,
 * injected fault, authentication, rate limit, the spec's checks, the operation's handler, log.
 */
import { operations, type OperationId } from "../../generated/operations.js";
import { isEcgridValidationError } from "../errors.js";
import { assertValidRequest, type CheckedOperation } from "../request-checks.js";
import { errorAnswer, invalid, Refusal, type Answer } from "./answers.js";
import { readCredential, type Authenticator } from "./auth.js";
import { isoSeconds, type Context } from "./context.js";
import { faultAnswer, type FaultQueue } from "./faults.js";
import { handlers } from "./handlers/index.js";
import type { RateLimiter } from "./rate-limit.js";
import { redactBody, type RequestLog } from "./request-log.js";
import { route } from "./router.js";
import type { Store } from "./store.js";
import type { Fault, SentSms } from "./types.js";

/** A request as the fake reads it, from a fetch Request or a Node IncomingMessage. */
export interface IncomingRequest {
  method: string;
  /** The path without the query, e.g. `/v2/users/1042`. */
  pathname: string;
  /** A header by lower-case name. */
  header(name: string): string | undefined;
  /** The body as text; empty when there is none. */
  body: string;
}

/** What becomes of a request: an answer, a dropped connection, or none ever. */
export type Outcome = { kind: "answer"; answer: Answer } | { kind: "reset" } | { kind: "stall" };

/** The fake's state, replaced whole by `reset()`. */
export interface State {
  store: Store;
  auth: Authenticator;
  faults: FaultQueue;
  log: RequestLog;
  limiter: RateLimiter | undefined;
  sms: SentSms[];
}

/** What the pipeline needs besides the state. */
export interface Settings {
  clock: () => number;
  maxRecordsPerPage: number | undefined;
}

const ID = /^-?\d{1,16}$/;

type Parsed = { json: unknown } | { text: string } | undefined;

function parseBody(text: string): Parsed {
  if (text === "") return undefined;
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return { text };
  }
}

/** Handles one request against `state`. Never throws: a bug in a handler becomes a 500 InternalError. */
export function handle(state: State, settings: Settings, request: IncomingRequest): Outcome {
  const at = settings.clock();
  const found = route(request.method, request.pathname);
  const operationId = found?.operationId;
  const credential = readCredential(request.header);
  const parsed = parseBody(request.body);
  let fault: Fault | undefined;

  const finish = (outcome: Outcome): Outcome => {
    const answer = outcome.kind === "answer" ? outcome.answer : undefined;
    const body = parsed === undefined ? undefined : "json" in parsed ? redactBody(parsed.json, operationId, (t) => state.auth.isSecret(t), credential.value) : `[not JSON: ${parsed.text.length} characters]`;
    state.log.add({
      at: isoSeconds(at),
      method: request.method,
      path: request.pathname,
      operationId,
      credential: credential.kind,
      body,
      status: answer?.status,
      errorCode: answer?.errorCode,
      fault,
    });
    return outcome;
  };
  const answer = (a: Answer): Outcome => finish({ kind: "answer", answer: a });

  if (found === undefined || operationId === undefined) return answer(errorAnswer(404, "ObjectNotFound", `The API has no operation at ${request.method} ${request.pathname}.`));

  fault = state.faults.take(operationId);
  if (fault === "reset" || fault === "stall") return finish({ kind: fault });
  if (typeof fault === "object") return answer(faultAnswer(fault));

  let result: Answer;
  try {
    result = run(state, settings, operationId, found.id, parsed, credential, at);
  } catch (error) {
    result = error instanceof Refusal ? error.answer() : errorAnswer(500, "InternalError", `The fake failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (fault === "reset-after-apply") {
    finish({ kind: "answer", answer: result });
    return { kind: "reset" };
  }
  return answer(result);
}

function run(state: State, settings: Settings, operationId: OperationId, rawId: string | undefined, parsed: Parsed, credential: ReturnType<typeof readCredential>, at: number): Answer {
  const actor = state.auth.authenticate(credential);
  const limited = state.limiter?.check(`${credential.kind}:${credential.value}`, at);
  if (limited !== undefined) return limited;

  let id = Number.NaN;
  if (operations[operationId].pathParams.length > 0) {
    if (rawId === undefined || !ID.test(rawId) || !Number.isSafeInteger(Number(rawId))) throw invalid("id must be an integer");
    id = Number(rawId);
  }

  let body: Record<string, unknown> = {};
  if (operations[operationId].body !== undefined) {
    if (parsed !== undefined && "text" in parsed) throw invalid("the request body is not valid JSON");
    const value = parsed?.json;
    try {
      // The spec refuses no field it does not list (the changelog's "new optional fields"), so neither does the fake.
      assertValidRequest(operationId as CheckedOperation, value, { allowUnknownFields: true });
    } catch (error) {
      if (!isEcgridValidationError(error)) throw error;
      throw invalid(error.issues.map((i) => i.message).join("; "));
    }
    body = value as Record<string, unknown>;
  }

  const context: Context = {
    actor,
    store: state.store,
    body,
    id,
    now: settings.clock,
    sms: state.sms,
    maxRecordsPerPage: settings.maxRecordsPerPage,
    revokeSessions: (userId) => state.auth.revokeSessions(userId),
  };
  return handlers[operationId](context);
}
