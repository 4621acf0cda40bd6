import { ok } from "../answers.js";
import type { Handler } from "../context.js";
import { reachUser } from "../rules.js";

/** Update Config: every field beside `userId` is stored as given (`fake.configOf(userId)`); the spec names none of them. */
export const updateConfig: Handler = (ctx) => {
  const { userId, ...fields } = ctx.body;
  const target = reachUser(ctx, userId as number, { action: "configure", selfService: true, notTerminated: true });
  Object.assign(target.config, fields);
  return ok(true);
};
