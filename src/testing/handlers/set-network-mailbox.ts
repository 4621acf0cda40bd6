import { okJson } from "../answers.js";
import type { Handler } from "../context.js";
import { assertDestination, assertLoginFree, reachUser } from "../rules.js";

/**
 * Set Network Mailbox: moves a user to another network or mailbox in the caller's scope. A field
 * left out or `null` stays as it is. Its login must be free in the new network (DuplicateObject).
 */
export const setNetworkMailbox: Handler = (ctx) => {
  const { body } = ctx;
  const target = reachUser(ctx, body.userId as number, { action: "move", notTerminated: true });
  const { user } = target;
  const networkId = (body.networkId as number | null | undefined) ?? user.networkId;
  const mailboxId = (body.mailboxId as number | null | undefined) ?? user.mailboxId;
  if (networkId !== user.networkId || mailboxId !== user.mailboxId) {
    assertDestination(ctx, networkId, mailboxId);
    assertLoginFree(ctx, networkId, user.login, user.userId);
  }
  ctx.store.change(target, { networkId, mailboxId });
  return okJson(target.json);
};
