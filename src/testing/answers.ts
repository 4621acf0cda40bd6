/** The answers of the fake, in ECGrid's envelope, as text ready to send. */

/** One HTTP answer. */
export interface Answer {
  status: number;
  /** JSON text. */
  body: string;
  /** Headers beside `content-type: application/json`. */
  headers?: Record<string, string>;
  /** The envelope's errorCode, for the request log. */
  errorCode?: string;
}

/** The success envelope around `data`. */
export const ok = (data: unknown): Answer => ({ status: 200, body: `{"success":true,"data":${JSON.stringify(data)}}` });

/** The success envelope around `json`, a user already serialised. */
export const okJson = (json: string): Answer => ({ status: 200, body: `{"success":true,"data":${json}}` });

/** The success envelope around `json`, an array already serialised (users keep their JSON cached). */
export const okJsonArray = (json: readonly string[]): Answer => ({ status: 200, body: `{"success":true,"data":[${json.join(",")}]}` });

/** The error envelope. */
export function errorAnswer(status: number, errorCode: string, message: string, headers?: Record<string, string>): Answer {
  return { status, body: JSON.stringify({ success: false, errorCode, message, data: null }), errorCode, ...(headers === undefined ? {} : { headers }) };
}

/** Thrown by a handler to answer with an error: the fake turns it into the error envelope. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly message: string,
  ) {}

  answer(): Answer {
    return errorAnswer(this.status, this.errorCode, this.message);
  }
}

/** 400 InvalidParameter: the message names the field and the rule. */
export const invalid = (message: string) => new Refusal(400, "InvalidParameter", message);
/** 403 AccessDenied. */
export const denied = (message: string) => new Refusal(403, "AccessDenied", message);
/** 404 ObjectNotFound. */
export const notFound = (message: string) => new Refusal(404, "ObjectNotFound", message);
/** 400 DuplicateObject, as the error-handling guide gives it. */
export const duplicate = (message: string) => new Refusal(400, "DuplicateObject", message);

/** The errorCode and message of a status, as the docs give them, for faults that name only a status. */
export function defaultError(status: number): { errorCode: string; message: string } {
  switch (status) {
    case 400:
      return { errorCode: "InvalidParameter", message: "A request parameter is missing, of the wrong type, or fails a validation constraint." };
    case 401:
      return { errorCode: "InvalidAPIKey", message: "The provided API key is not valid or has been revoked." };
    case 403:
      return { errorCode: "AccessDenied", message: "The caller's AuthLevel does not allow this operation." };
    case 404:
      return { errorCode: "ObjectNotFound", message: "The requested resource does not exist." };
    case 429:
      return { errorCode: "RateLimitExceeded", message: "Rate limit exceeded." };
    case 503:
      // The docs list no code for 503; the spec's example uses this one.
      return { errorCode: "ServiceUnavailable", message: "The service is temporarily unavailable." };
    default:
      return { errorCode: "InternalError", message: "An unexpected error occurred." };
  }
}
