import { okJson } from "../answers.js";
import type { Handler } from "../context.js";
import { assertInScope, findUser } from "../rules.js";

/** Get User: any user in the caller's scope, whatever its level or status. */
export const getUser: Handler = (ctx) => {
  const target = findUser(ctx, ctx.id);
  assertInScope(ctx, target);
  return okJson(target.json);
};
