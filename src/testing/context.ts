import type { Answer } from "./answers.js";
import type { Actor } from "./permissions.js";
import type { StoredUser, Store, UserRecord } from "./store.js";
import type { SentSms } from "./types.js";

/** Whoever a request acts as, with its stored record when it is one of the fake's users. */
export interface Acting extends Actor {
  /** The stored user, or undefined for a caller that is not one of the fake's users. */
  stored: StoredUser | undefined;
  /** The user as Get Me shows it. */
  user: UserRecord;
}

/** What a handler works with. The body has passed the spec's checks already. */
export interface Context {
  readonly actor: Acting;
  readonly store: Store;
  /** The request body, checked against the operation's schema; `{}` for an operation that takes none. */
  readonly body: Record<string, unknown>;
  /** The `{id}` of the path, an integer; NaN for an operation that has none. */
  readonly id: number;
  /** The fake's clock, in milliseconds since the epoch. */
  readonly now: () => number;
  readonly sms: SentSms[];
  readonly maxRecordsPerPage: number | undefined;
  /** Revokes the Bearer tokens a user has used. */
  readonly revokeSessions: (userId: number) => void;
}

/** One operation: takes the checked request, answers it or throws a `Refusal`. */
export type Handler = (context: Context) => Answer;

let lastSecond = Number.NaN;
let lastText = "";

/** A time by the fake's clock as the docs write it: ISO 8601, whole seconds, UTC. The last one is kept: every request logs its time. */
export function isoSeconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    lastSecond = second;
  }
  return lastText;
}
