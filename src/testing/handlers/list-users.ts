import { denied, okJsonArray } from "../answers.js";
import type { Handler } from "../context.js";
import { coversNetwork, describeActor, inScope, systemWide } from "../permissions.js";

/** What `null` or `0` mean in a List Users filter: no filter (the SOAP UserList page's "use 0 to search across all"). */
const filter = (value: unknown): number | undefined => (typeof value === "number" && value !== 0 ? value : undefined);

/**
 * List Users: the users the caller can see, filtered, by userId, one page. `NoChange` as the level
 * lists every level (SOAP UserList). A filter outside the caller's network or mailbox is refused
 * with AccessDenied rather than answered with an empty page.
 */
export const listUsers: Handler = (ctx) => {
  const { actor, body } = ctx;
  const networkId = filter(body.networkId);
  const mailboxId = filter(body.mailboxId);
  const authLevel = body.authLevel === "NoChange" || body.authLevel === null ? undefined : (body.authLevel as string | undefined);
  const status = (body.status as string | null | undefined) ?? undefined;
  if (networkId !== undefined && !systemWide(actor) && networkId !== actor.networkId) {
    throw denied(`Network ${networkId} is outside the caller's scope (${describeActor(actor)}).`);
  }
  if (mailboxId !== undefined && !coversNetwork(actor) && mailboxId !== actor.mailboxId) {
    throw denied(`Mailbox ${mailboxId} is outside the caller's scope (${describeActor(actor)}).`);
  }
  const pageNo = (body.pageNo as number | null | undefined) ?? 1;
  const asked = (body.recordsPerPage as number | null | undefined) ?? 25;
  const perPage = ctx.maxRecordsPerPage === undefined ? asked : Math.min(asked, ctx.maxRecordsPerPage);
  const first = (pageNo - 1) * perPage;
  const page: string[] = [];
  let matched = 0;
  for (const { user, json } of ctx.store.ordered) {
    if (!inScope(actor, user.networkId, user.mailboxId)) continue;
    if (networkId !== undefined && user.networkId !== networkId) continue;
    if (mailboxId !== undefined && user.mailboxId !== mailboxId) continue;
    if (authLevel !== undefined && user.authLevel !== authLevel) continue;
    if (status !== undefined && user.status !== status) continue;
    if (matched++ < first) continue;
    page.push(json);
    if (page.length === perPage) break;
  }
  return okJsonArray(page);
};
