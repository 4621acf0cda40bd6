import { ok } from "../answers.js";
import type { Handler } from "../context.js";
import { reachUser } from "../rules.js";

/** Reset Sessions: the Bearer tokens the user has used get InvalidSession from now on; its API key still works. */
export const resetSessions: Handler = (ctx) => {
  const target = reachUser(ctx, ctx.id, { action: "reset the sessions of", selfService: true, notTerminated: true });
  ctx.revokeSessions(target.user.userId);
  return ok(true);
};
