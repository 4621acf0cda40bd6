import { invalid, ok } from "../answers.js";
import type { Handler } from "../context.js";
import { MIN_PASSWORD_LENGTH, newPassword } from "../secrets.js";

/** The longest password the fake generates: the page states no maximum, and the fake must not build a string of any length it is asked for. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Generate Password: a random password that matches ECGrid's pattern, 12 characters by default.
 * A length from which no such password can be made (under 4), or over 256, is refused with
 * InvalidParameter: the one rule of the fake that refuses a body the spec accepts.
 */
export const generatePassword: Handler = ({ body, store }) => {
  const length = (body.length as number | null | undefined) ?? 12;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw invalid(`length must be from ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH}: a password needs a lowercase letter, an uppercase letter, a digit and a special character.`);
  }
  const password = newPassword(length);
  store.rememberPassword(password);
  return ok(password);
};
