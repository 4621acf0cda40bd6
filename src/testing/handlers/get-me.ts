import { ok, okJson } from "../answers.js";
import type { Handler } from "../context.js";

/** Get Me: the user the request acts as (the caller, or the user whose key it carries). */
export const getMe: Handler = ({ actor }) => (actor.stored === undefined ? ok(actor.user) : okJson(actor.stored.json));
