import { ok } from "../answers.js";
import type { Handler } from "../context.js";
import { reachUser } from "../rules.js";
import { newApiKey } from "../secrets.js";

/**
 * Generate API Key: a new key, and the old one "immediately" invalid (the page). Any user may
 * rotate its own; another user's takes NetworkAdmin or higher, as reading it does.
 */
export const generateApiKey: Handler = (ctx) => {
  const target = reachUser(ctx, ctx.id, { action: "generate an API key for", minLevel: "NetworkAdmin", selfService: true, notTerminated: true });
  const apiKey = newApiKey();
  ctx.store.rotateKey(target, apiKey);
  return ok(apiKey);
};
