import { ok } from "../answers.js";
import { isoSeconds, type Handler } from "../context.js";
import { reachUser } from "../rules.js";

/** Send SMS: the message is kept in `fake.sms` and the answer is `true`. The fake has no phones or carriers to check. */
export const sendSms: Handler = (ctx) => {
  const target = reachUser(ctx, ctx.body.userId as number, { action: "text", selfService: true, notTerminated: true });
  ctx.sms.push({ userId: target.user.userId, message: ctx.body.message as string, at: isoSeconds(ctx.now()) });
  return ok(true);
};
