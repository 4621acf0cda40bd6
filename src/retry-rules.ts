import type { OperationId } from "../generated/operations.js";

/**
 * Whether each operation may be sent again after a 5xx, a timeout or a dropped connection, when
 * the client cannot know whether the first attempt took effect. (A 429 is retried for every
 * operation: ECGrid's guidance says so.) The spec gives the rest of each operation's line:
 * generated/operations.ts. A new operation in the spec does not compile until it has a line here.
 * The README's retry table says the same, operation by operation.
 */
export const retryRules = {
  // Reads: sending one twice changes nothing.
  getUser: true,
  getUserByName: true,
  getMe: true,
  listUsers: true,
  getApiKey: true,
  // Generates a password and returns it; it stores nothing, so a second one costs nothing.
  generatePassword: true,
  // "Set to this value": a second identical request leaves the same state as the first.
  updateUser: true,
  setRole: true,
  setNetworkMailbox: true,
  updatePassword: true,
  updateConfig: true,
  // The end state is the same however often they are sent: terminated, sessions invalidated.
  terminateUser: true,
  resetSessions: true,
  // A second create meets DuplicateObject at best; create looks the login up instead (safe create).
  createUser: false,
  // A second text message reaches the user's phone.
  sendSms: false,
  // Each call replaces the key again: the key a lost answer carried would be invalidated too.
  generateApiKey: false,
} as const satisfies Record<OperationId, boolean>;
