/**
 * Turns the options' `users` and `caller` into what the store holds, with Create User's
 * defaults, refusing (TypeError) a seed the API could never have answered with.
 */
import { createUserAuthLevelValues } from "../../generated/schema.js";
import type { CallerIdentity } from "./auth.js";
import { isoSeconds } from "./context.js";
import type { ResolvedSeed, UserRecord } from "./store.js";
import type { FakeCaller, FakeEcgridOptions, FakeUserSeed } from "./types.js";

/** The caller when the test names none: a network administrator, as in the docs' examples (network 1, mailbox 101). */
export const DEFAULT_CALLER = { networkId: 1, mailboxId: 101, authLevel: "NetworkAdmin" } as const satisfies FakeCaller;

/** Userids of created users start above this unless seeds go higher: the docs' examples are in the 1000s. */
const FIRST_ID = 1001;

const fail = (message: string): never => {
  throw new TypeError(`createFakeEcgrid: ${message}`);
};
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/** Everything the fake starts from, resolved once; `reset()` starts from it again. */
export interface Resolved {
  seeds: ResolvedSeed[];
  caller: CallerIdentity;
  nextId: number;
}

/** Checks the options' `users`, `caller` and `nextUserId`, and resolves them with Create User's defaults. Throws TypeError for what the API could not hold. */
export function resolve(options: FakeEcgridOptions, now: number): Resolved {
  if (typeof options !== "object" || options === null) fail("options must be an object.");
  const given = options.caller ?? {};
  const seeds = options.users ?? [];
  if (!Array.isArray(seeds)) fail("users must be an array of users.");
  for (const field of ["networkId", "mailboxId", "userId"] as const) if (given[field] !== undefined && !isInt(given[field])) fail(`caller.${field} must be an integer.`);
  if (given.authLevel !== undefined && !(createUserAuthLevelValues as readonly string[]).includes(given.authLevel)) fail(`caller.authLevel must be one of ${createUserAuthLevelValues.join(", ")}.`);
  if (given.login !== undefined && typeof given.login !== "string") fail("caller.login must be a string.");

  const callerSeed = given.userId === undefined ? undefined : seeds.find((s) => s.userId === given.userId);
  if (callerSeed !== undefined) {
    // The caller is a seeded user: its record decides, and a caller field that says otherwise is a mistake.
    for (const field of ["networkId", "mailboxId", "authLevel", "login"] as const) {
      if (given[field] !== undefined && callerSeed[field] !== undefined && given[field] !== callerSeed[field]) {
        fail(`caller.${field} is ${JSON.stringify(given[field])}, but the seeded user ${String(given.userId)} has ${JSON.stringify(callerSeed[field])}.`);
      }
    }
  }
  const caller = { ...DEFAULT_CALLER, ...defined(callerSeed ?? {}), ...defined(given) };
  const created = isoSeconds(now);

  let nextId = Math.max(FIRST_ID, ...seeds.map((s) => (isInt(s.userId) ? s.userId + 1 : 0)), isInt(given.userId) ? given.userId + 1 : 0);
  const resolved = seeds.map((seed, i) => resolveSeed(seed, i, caller, created, () => nextId++));
  if (options.nextUserId !== undefined) {
    if (!isInt(options.nextUserId)) fail("nextUserId must be an integer.");
    const highest = Math.max(0, ...resolved.map((s) => s.user.userId), given.userId ?? 0);
    if (options.nextUserId <= highest) fail(`nextUserId must be above every seeded userId (${highest}).`);
    nextId = options.nextUserId;
  }
  checkUnique(resolved);

  const standIn: UserRecord = {
    userId: caller.userId ?? 0,
    login: caller.login ?? "api-caller",
    email: `${caller.login ?? "api-caller"}@example.com`,
    firstName: null,
    lastName: null,
    networkId: caller.networkId,
    mailboxId: caller.mailboxId,
    authLevel: caller.authLevel,
    status: "Active",
    created,
  };
  return { seeds: resolved, caller: { storedId: callerSeed === undefined ? undefined : callerSeed.userId, standIn }, nextId };
}

function resolveSeed(seed: FakeUserSeed, i: number, caller: FakeCaller, created: string, newId: () => number): ResolvedSeed {
  const where = `users[${i}]`;
  if (typeof seed !== "object" || seed === null) fail(`${where} must be a user object.`);
  const { apiKey, password, ...fields } = seed;
  if (typeof fields.login !== "string") fail(`${where}.login must be a string.`);
  for (const f of ["userId", "networkId", "mailboxId"] as const) if (fields[f] !== undefined && !isInt(fields[f])) fail(`${where}.${f} must be an integer.`);
  for (const f of ["email", "authLevel", "status", "created"] as const) if (fields[f] !== undefined && typeof fields[f] !== "string") fail(`${where}.${f} must be a string.`);
  for (const f of ["firstName", "lastName"] as const) if (fields[f] !== undefined && fields[f] !== null && typeof fields[f] !== "string") fail(`${where}.${f} must be a string or null.`);
  if (fields.created !== undefined && Number.isNaN(Date.parse(fields.created))) fail(`${where}.created must be a date-time, such as 2024-03-15T10:22:00Z.`);
  if (apiKey !== undefined && (typeof apiKey !== "string" || apiKey === "")) fail(`${where}.apiKey must be a non-empty string.`);
  if (password !== undefined && typeof password !== "string") fail(`${where}.password must be a string.`);
  const user: UserRecord = {
    ...(fields as Record<string, unknown>),
    userId: fields.userId ?? newId(),
    login: fields.login,
    email: fields.email ?? `${fields.login}@example.com`,
    firstName: fields.firstName ?? null,
    lastName: fields.lastName ?? null,
    networkId: fields.networkId ?? caller.networkId,
    mailboxId: fields.mailboxId ?? caller.mailboxId,
    authLevel: fields.authLevel ?? "MailboxUser",
    status: fields.status ?? "Active",
    created: fields.created ?? created,
  };
  return { user, apiKey, password };
}

/** Seeds must not hold what the API forbids: two users with one id, one key, or one login in a network. */
function checkUnique(seeds: ResolvedSeed[]): void {
  const ids = new Set<number>();
  const logins = new Set<string>();
  const keys = new Set<string>();
  for (const { user, apiKey } of seeds) {
    if (ids.has(user.userId)) fail(`two users have userId ${user.userId}.`);
    ids.add(user.userId);
    const login = `${user.networkId}:${user.login.toLowerCase()}`;
    if (logins.has(login)) fail(`two users of network ${user.networkId} have the login '${user.login}' (logins are unique in a network, whatever their case).`);
    logins.add(login);
    if (apiKey !== undefined && keys.has(apiKey)) fail(`two users have the same apiKey.`);
    if (apiKey !== undefined) keys.add(apiKey);
  }
}

/** The fields of `o` that are not undefined. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
