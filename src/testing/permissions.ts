/**
 * Who may see and change whom. ECGrid's docs give the order of the levels (highest first) and
 * one rule, "A user can only perform actions at or below their assigned level"; the permissions
 * guide adds each level's scope (system-wide, network, mailbox). The rest is the fake's own
 * choice, stated on {@link createFakeEcgrid}.
 */
import { createUserAuthLevelValues } from "../../generated/schema.js";

/** The levels, highest privilege first (the enums appendix), without NoChange, which is no level. */
const ORDER: readonly string[] = createUserAuthLevelValues;

/** Whoever a request acts as: the caller, or the user whose key it carries. */
export interface Actor {
  userId: number;
  networkId: number;
  mailboxId: number;
  authLevel: string;
}

/** A level's rank: 0 for Root. A level the spec does not know ranks below General. */
export function rank(level: string): number {
  const index = ORDER.indexOf(level);
  return index === -1 ? ORDER.length : index;
}

/** Whether `level` is at or below `ceiling`: what a holder of `ceiling` may grant or manage. */
export const atOrBelow = (level: string, ceiling: string): boolean => rank(level) >= rank(ceiling);

/** Root, TechOps and NetOps: "System-wide" in the permissions guide. */
export const systemWide = (actor: Actor): boolean => rank(actor.authLevel) <= rank("NetOps");

/** NetworkAdmin and NetworkUser see every mailbox of their network. */
const networkWide = (actor: Actor): boolean => !systemWide(actor) && rank(actor.authLevel) <= rank("NetworkUser");

/** Whether `actor` may see and act in `networkId` (every mailbox of it, when `mailboxId` is undefined). */
export function inScope(actor: Actor, networkId: number, mailboxId?: number): boolean {
  if (systemWide(actor)) return true;
  if (networkId !== actor.networkId) return false;
  return networkWide(actor) || mailboxId === undefined || mailboxId === actor.mailboxId;
}

/** Whether `actor`'s scope covers a whole network, not one mailbox of it. */
export const coversNetwork = (actor: Actor): boolean => systemWide(actor) || networkWide(actor);

/** The actor's scope in words, for messages: "NetworkAdmin of network 1". */
export function describeActor(actor: Actor): string {
  if (systemWide(actor)) return actor.authLevel;
  if (networkWide(actor)) return `${actor.authLevel} of network ${actor.networkId}`;
  return `${actor.authLevel} of network ${actor.networkId}, mailbox ${actor.mailboxId}`;
}
