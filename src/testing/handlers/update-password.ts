import { ok } from "../answers.js";
import type { Handler } from "../context.js";
import { reachUser } from "../rules.js";

/** Update Password: "requires NetworkAdmin or higher" (the page), even for the caller's own password. */
export const updatePassword: Handler = (ctx) => {
  const target = reachUser(ctx, ctx.body.userId as number, { action: "set the password of", minLevel: "NetworkAdmin", notTerminated: true });
  target.password = ctx.body.newPassword as string;
  ctx.store.rememberPassword(target.password);
  return ok(true);
};
