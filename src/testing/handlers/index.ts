import type { OperationId } from "../../../generated/operations.js";
import type { Handler } from "../context.js";
import { createUser } from "./create-user.js";
import { generateApiKey } from "./generate-api-key.js";
import { generatePassword } from "./generate-password.js";
import { getApiKey } from "./get-api-key.js";
import { getMe } from "./get-me.js";
import { getUserByName } from "./get-user-by-name.js";
import { getUser } from "./get-user.js";
import { listUsers } from "./list-users.js";
import { resetSessions } from "./reset-sessions.js";
import { sendSms } from "./send-sms.js";
import { setNetworkMailbox } from "./set-network-mailbox.js";
import { setRole } from "./set-role.js";
import { terminateUser } from "./terminate-user.js";
import { updateConfig } from "./update-config.js";
import { updatePassword } from "./update-password.js";
import { updateUser } from "./update-user.js";

/**
 * One handler per operation of the spec. An operation added to the spec (and so to
 * generated/operations.ts) fails the type check here until it has one.
 */
export const handlers = {
  createUser,
  updateUser,
  listUsers,
  getMe,
  getUser,
  terminateUser,
  getUserByName,
  setRole,
  setNetworkMailbox,
  updatePassword,
  generatePassword,
  resetSessions,
  sendSms,
  updateConfig,
  getApiKey,
  generateApiKey,
} satisfies Record<OperationId, Handler>;
