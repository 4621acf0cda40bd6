import { Authenticator } from "./auth.js";
import { checkClock } from "./clock.js";
import { fetchAdapter } from "./fetch-adapter.js";
import { FaultQueue } from "./faults.js";
import { listenHttp } from "./http-listener.js";
import { handle, type IncomingRequest, type State } from "./pipeline.js";
import { RateLimiter } from "./rate-limit.js";
import { RequestLog } from "./request-log.js";
import { resolve, type Resolved } from "./seed-users.js";
import { Store } from "./store.js";
import type { FakeEcgrid, FakeEcgridOptions } from "./types.js";

/**
 * A stateful fake of ECGrid's users API, for testing code that uses it: a created user shows up
 * in later lists and lookups, a second create of a login meets `DuplicateObject`, listings have
 * real pages, and a refused request's `InvalidParameter` message names the field and the rule,
 * from the same spec-derived checks the client runs. Every answer is valid against the spec
 * (the package's tests check each one). Call it in-process through `fake.fetch`, or over HTTP
 * with `fake.listen()`; inject faults with `fake.failNext()`.
 *
 * As ECGrid documents it:
 * - Create User applies the docs' defaults: the caller's network and mailbox, `MailboxUser`,
 *   `Active`, a new userId, `created` now; `networkId: 0` means the caller's network (the
 *   permissions guide), and `mailboxId: 0` a network-level user (SOAP UserInfo).
 * - A login already taken in the network is `DuplicateObject` (400); a level above the caller's
 *   is `AccessDenied` (403): "A user can only grant levels at or below its own".
 * - An unknown userId is `ObjectNotFound` (404); no credential, or a revoked or unlisted key, is
 *   `InvalidAPIKey` (401); a revoked Bearer token is `InvalidSession` (401).
 * - A body the spec refuses is `InvalidParameter` (400) naming each broken rule, as the client's
 *   `EcgridValidationError` does. Fields the spec does not list are accepted, as the spec says.
 * - List Users filters by network, mailbox, level (`NoChange` or `null`: every level) and status,
 *   by userId, in pages of `recordsPerPage` (25 by default). Get User by Name searches every
 *   network. Terminate User sets `Terminated` and revokes the user's key and sessions; Generate
 *   API Key revokes the old key at once; Get API Key and Update Password take `NetworkAdmin`.
 *
 * The fake's own choices, where the docs are silent:
 * - Scope: Root, TechOps and NetOps act in every network; NetworkAdmin and NetworkUser in every
 *   mailbox of their network; the lower levels in their own mailbox. A user outside the
 *   caller's scope, or a filter or destination outside it, is `AccessDenied`, not hidden.
 * - Managing other users (create, change, move, set role, terminate, text, configure) takes
 *   `MailboxAdmin` or higher, and a target at or below the caller's level. Any user may change
 *   its own profile, rotate its own key, reset its own sessions, configure and text itself.
 * - Reading users (Get User, List Users) takes no particular level, only scope.
 * - Logins are unique per network without regard to case, and a terminated user keeps its login.
 * - A terminated user can be read but not changed: operations that change it (or use its key)
 *   are `InvalidParameter`. Terminating it again answers `true` and changes nothing, so a retried
 *   terminate succeeds.
 * - Update User: `null` leaves a field as it is. Set Role: a `networkId` or `mailboxId` moves the
 *   user there, like Set Network Mailbox. Networks are positive ids and mailboxes positive or 0;
 *   others are `ObjectNotFound`.
 * - Generate Password takes lengths from 4 to 256: shorter cannot meet the pattern.
 * - Send SMS keeps the message in `fake.sms` and answers `true`: the fake has no phones.
 * - An injected fault comes before everything else, authentication included; authentication
 *   comes before the rate limit, the rate limit before the spec's checks.
 *
 * Nothing here is sent anywhere: the fake holds its state in memory, in the process that made it.
 */
export function createFakeEcgrid(options: FakeEcgridOptions = {}): FakeEcgrid {
  const clock = checkClock(options.clock);
  const maxRecordsPerPage = options.maxRecordsPerPage;
  if (maxRecordsPerPage !== undefined && !(Number.isInteger(maxRecordsPerPage) && maxRecordsPerPage >= 1)) {
    throw new TypeError(`createFakeEcgrid: maxRecordsPerPage must be a whole number, 1 or more, not ${String(maxRecordsPerPage)}.`);
  }
  const apiKeys = options.apiKeys;
  if (apiKeys !== undefined && !(Array.isArray(apiKeys) && apiKeys.every((k) => typeof k === "string" && k !== ""))) {
    throw new TypeError("createFakeEcgrid: apiKeys must be an array of non-empty strings.");
  }
  const initial: Resolved = resolve(options, clock());
  const settings = { clock, maxRecordsPerPage };
  const limit = options.rateLimit;
  const maxLogged = options.maxLoggedRequests ?? 10_000;
  const onRequest = options.onRequest;
  if (onRequest !== undefined && typeof onRequest !== "function") throw new TypeError("createFakeEcgrid: onRequest must be a function.");

  const fresh = (): State => {
    // Every reset starts from copies: the store changes its records in place.
    const store = new Store(structuredClone(initial.seeds), initial.nextId, initial.caller.storedId ?? Number.NaN, apiKeys ?? []);
    return {
      store,
      auth: new Authenticator(store, structuredClone(initial.caller), apiKeys === undefined),
      faults: new FaultQueue(),
      log: new RequestLog(maxLogged, onRequest),
      limiter: limit === undefined ? undefined : new RateLimiter(limit),
      sms: [],
    };
  };
  let state = fresh();
  const serve = (request: IncomingRequest) => handle(state, settings, request);

  return {
    fetch: fetchAdapter(serve),
    listen: (listenOptions) => listenHttp(serve, listenOptions),
    failNext(operationId, fault, times = 1) {
      state.faults.add(operationId, fault, times);
    },
    get users() {
      return state.store.snapshot();
    },
    get requests() {
      return state.log.list();
    },
    get sms() {
      return state.sms.map((m) => ({ ...m }));
    },
    apiKeyOf(userId) {
      const stored = state.store.get(userId);
      return stored === undefined || stored.user.status === "Terminated" ? undefined : stored.apiKey;
    },
    configOf(userId) {
      const stored = state.store.get(userId);
      return stored === undefined ? undefined : structuredClone(stored.config);
    },
    checkPassword(userId, password) {
      const stored = state.store.get(userId);
      return stored?.password !== undefined && stored.password === password;
    },
    reset() {
      state = fresh();
    },
  };
}
