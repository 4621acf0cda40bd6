import { okJsonArray } from "../answers.js";
import type { Handler } from "../context.js";

/**
 * Get User by Name: every user with that login, in every network (the page: "if the same login
 * exists across different networks"), whatever the caller's scope, by userId. Logins match
 * without regard to case, as they are unique.
 */
export const getUserByName: Handler = ({ body, store }) => {
  const login = (body.login as string).toLowerCase();
  return okJsonArray(store.ordered.filter((s) => s.user.login.toLowerCase() === login).map((s) => s.json));
};
