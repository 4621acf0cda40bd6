import { ok } from "../answers.js";
import type { Handler } from "../context.js";
import { reachUser } from "../rules.js";

/** Get API Key: "requires NetworkAdmin or higher" (the page), even for the caller's own key; never a key above the caller's level. */
export const getApiKey: Handler = (ctx) => {
  const target = reachUser(ctx, ctx.id, { action: "read the API key of", minLevel: "NetworkAdmin", notTerminated: true });
  return ok(target.apiKey);
};
