/**
 * The checks the handlers share: existence, scope, level, a terminated target, a taken login.
 * Each throws a `Refusal` whose message says what was refused and why.
 */
import { denied, duplicate, invalid, notFound } from "./answers.js";
import type { Context } from "./context.js";
import { atOrBelow, describeActor, inScope, rank } from "./permissions.js";
import type { StoredUser } from "./store.js";

/** The lowest level that may manage other users: create, change, terminate them. */
export const ADMIN_LEVEL = "MailboxAdmin";

/** The stored user `userId`, or 404 ObjectNotFound. */
export function findUser(ctx: Context, userId: number): StoredUser {
  const stored = ctx.store.get(userId);
  if (stored === undefined) throw notFound(`User ${userId} does not exist.`);
  return stored;
}

/** How an operation lets the actor reach another user. */
export interface Reach {
  /** What the operation does, for messages: "change", "terminate". */
  action: string;
  /** The lowest level that may do it to another user. @default ADMIN_LEVEL */
  minLevel?: string;
  /** Whether a user may do it to itself whatever its level (its own profile, key, sessions). */
  selfService?: boolean;
  /** Whether a terminated user refuses it: every operation that changes a user, or uses its key or phone. */
  notTerminated?: boolean;
}

/**
 * Finds `userId` and checks that the actor may do `reach.action` to it: 404 when it does not
 * exist; 403 when it is outside the actor's network or mailbox, above the actor's level, or the
 * actor's level is below `minLevel`; 400 when the target is terminated and the operation needs it not to be.
 */
export function reachUser(ctx: Context, userId: number, reach: Reach): StoredUser {
  const target = findUser(ctx, userId);
  const { actor } = ctx;
  const self = actor.stored === target;
  if (!(self && reach.selfService === true)) {
    const minLevel = reach.minLevel ?? ADMIN_LEVEL;
    if (rank(actor.authLevel) > rank(minLevel)) throw denied(`The caller (${describeActor(actor)}) cannot ${reach.action} users: that takes ${minLevel} or higher.`);
    assertInScope(ctx, target);
    if (!atOrBelow(target.user.authLevel, actor.authLevel)) {
      throw denied(`The caller (${describeActor(actor)}) cannot ${reach.action} user ${userId}, whose level ${target.user.authLevel} is above its own.`);
    }
  }
  if (reach.notTerminated === true && target.user.status === "Terminated") throw invalid(`userId ${userId} is a terminated user, which cannot be changed.`);
  return target;
}

/** 403 unless the user is in the actor's network (and mailbox, for a mailbox-level actor). */
export function assertInScope(ctx: Context, target: StoredUser): void {
  const { user } = target;
  if (!inScope(ctx.actor, user.networkId, user.mailboxId)) {
    throw denied(`User ${user.userId} is in network ${user.networkId}, mailbox ${user.mailboxId}, outside the caller's scope (${describeActor(ctx.actor)}).`);
  }
}

/**
 * Checks a network and mailbox a user is to be put in: networks are positive ids, mailboxes
 * positive ids or 0 (a network-level user, as the SOAP UserInfo page says); 404 for any other;
 * 403 outside the actor's scope.
 */
export function assertDestination(ctx: Context, networkId: number, mailboxId: number): void {
  if (networkId <= 0) throw notFound(`Network ${networkId} does not exist.`);
  if (mailboxId < 0) throw notFound(`Mailbox ${mailboxId} does not exist.`);
  if (!inScope(ctx.actor, networkId, mailboxId)) {
    throw denied(`Network ${networkId}, mailbox ${mailboxId} is outside the caller's scope (${describeActor(ctx.actor)}).`);
  }
}

/** 403 unless the actor may grant `level`: "A user can only grant levels at or below its own." */
export function assertGrantable(ctx: Context, level: string): void {
  if (!atOrBelow(level, ctx.actor.authLevel)) {
    throw denied(`The caller (${describeActor(ctx.actor)}) cannot grant ${level}, a level above its own.`);
  }
}

/** 400 DuplicateObject when `login` is taken in `networkId` by a user other than `exceptUserId`. */
export function assertLoginFree(ctx: Context, networkId: number, login: string, exceptUserId?: number): void {
  const owner = ctx.store.loginOwner(networkId, login);
  if (owner !== undefined && owner.user.userId !== exceptUserId) throw duplicate(`A user with login '${login}' already exists in network ${networkId}.`);
}
