import { okJson } from "../answers.js";
import type { Handler } from "../context.js";
import { reachUser } from "../rules.js";

/**
 * Update User: changes the email and names given. `null`, as the C# sample sends for a field it is
 * not given, leaves the field as it is (the page does not say; this is the fake's reading).
 */
export const updateUser: Handler = (ctx) => {
  const { body } = ctx;
  const target = reachUser(ctx, body.userId as number, { action: "change", selfService: true, notTerminated: true });
  const given = (field: string) => (body[field] === null ? undefined : (body[field] as string | undefined));
  ctx.store.change(target, { email: given("email"), firstName: given("firstName"), lastName: given("lastName") });
  return okJson(target.json);
};
