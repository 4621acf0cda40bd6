import { okJson } from "../answers.js";
import type { Handler } from "../context.js";
import { assertDestination, assertGrantable, assertLoginFree, reachUser } from "../rules.js";

/**
 * Set Role: the new level, at or below the caller's, for a user at or below it. `NoChange` keeps
 * the level. A `networkId` or `mailboxId` ("scope the role to this network") moves the user there,
 * as Set Network Mailbox would.
 */
export const setRole: Handler = (ctx) => {
  const { body } = ctx;
  const target = reachUser(ctx, body.userId as number, { action: "change the role of", notTerminated: true });
  const { user } = target;
  const authLevel = body.authLevel === "NoChange" ? user.authLevel : (body.authLevel as string);
  if (authLevel !== user.authLevel) assertGrantable(ctx, authLevel);
  const networkId = (body.networkId as number | null | undefined) ?? user.networkId;
  const mailboxId = (body.mailboxId as number | null | undefined) ?? user.mailboxId;
  if (networkId !== user.networkId || mailboxId !== user.mailboxId) {
    assertDestination(ctx, networkId, mailboxId);
    assertLoginFree(ctx, networkId, user.login, user.userId);
  }
  ctx.store.change(target, { authLevel, networkId, mailboxId });
  return okJson(target.json);
};
