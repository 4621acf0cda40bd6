import { denied, okJson } from "../answers.js";
import { isoSeconds, type Handler } from "../context.js";
import { describeActor, rank } from "../permissions.js";
import { ADMIN_LEVEL, assertDestination, assertGrantable, assertLoginFree } from "../rules.js";
import { newApiKey } from "../secrets.js";

/** Create User: the docs' defaults (the caller's network and mailbox, `MailboxUser`, `Active`), a new userId, `created` now. */
export const createUser: Handler = (ctx) => {
  const { actor, body, store } = ctx;
  if (rank(actor.authLevel) > rank(ADMIN_LEVEL)) throw denied(`The caller (${describeActor(actor)}) cannot create users: that takes ${ADMIN_LEVEL} or higher.`);
  // The permissions guide: "Pass 0 for the API key's default network". A mailboxId of 0 is a network-level user.
  const networkId = typeof body.networkId === "number" && body.networkId !== 0 ? body.networkId : actor.networkId;
  const mailboxId = typeof body.mailboxId === "number" ? body.mailboxId : actor.mailboxId;
  const authLevel = typeof body.authLevel === "string" ? body.authLevel : "MailboxUser";
  const login = body.login as string;
  assertDestination(ctx, networkId, mailboxId);
  assertGrantable(ctx, authLevel);
  assertLoginFree(ctx, networkId, login);
  const user = {
    userId: store.nextId,
    login,
    email: body.email as string,
    firstName: (body.firstName as string | null | undefined) ?? null,
    lastName: (body.lastName as string | null | undefined) ?? null,
    networkId,
    mailboxId,
    authLevel,
    status: "Active",
    created: isoSeconds(ctx.now()),
  };
  return okJson(store.add(user, newApiKey(), body.password as string).json);
};
