import { ok } from "../answers.js";
import type { Handler } from "../context.js";
import { reachUser } from "../rules.js";

/**
 * Terminate User: the status becomes `Terminated`, and the user's API key and sessions stop
 * working at once. Terminating a terminated user answers `true` again and changes nothing (the
 * fake's choice: the account is terminated, as asked, so a retried terminate does not fail).
 */
export const terminateUser: Handler = (ctx) => {
  const target = reachUser(ctx, ctx.id, { action: "terminate" });
  if (target.user.status !== "Terminated") {
    ctx.store.change(target, { status: "Terminated" });
    ctx.store.revokeKeys(target);
    ctx.revokeSessions(target.user.userId);
  }
  return ok(true);
};
