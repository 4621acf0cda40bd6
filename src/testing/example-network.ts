/** A realistic network to start a fake with: what `npm run mock` serves. */
import type { FakeEcgridOptions, FakeUserSeed } from "./types.js";

const FIRST = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Isla", "Jonas", "Kemi", "Liam", "Maya", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara"];
const LAST = ["Adams", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Patel"];

/** Levels and statuses of the generated users, in a mix a network has: mostly mailbox users, mostly active. */
const LEVELS = ["MailboxUser", "MailboxUser", "MailboxUser", "MailboxAdmin", "MailboxUser", "TPUser", "MailboxUser", "General"] as const;
const STATUSES = ["Active", "Active", "Active", "Active", "Active", "Active", "Suspended", "Active", "Active", "Terminated", "Active", "Development"] as const;

/**
 * Options for {@link createFakeEcgrid}: network 1 with 60 users over mailboxes 101 and 102 and one
 * network-level user (three pages of 25), every level from NetworkAdmin down and every status, and network 2 with 5 users,
 * one of whom shares a login with network 1 (Get User by Name finds both). The caller is the
 * seeded `netadmin`, NetworkAdmin of network 1, mailbox 101 (userId 1000); any API key stands for it.
 * The same every time: userIds 1000–1059 and 2000–2004, `created` dates in 2024 and 2025.
 */
export function exampleNetwork(): FakeEcgridOptions & { users: FakeUserSeed[] } {
  const users: FakeUserSeed[] = [
    person(1000, "netadmin", "Nadia", "Admin", 1, 101, "NetworkAdmin", "Active", 0),
    person(1001, "netuser", "Noah", "Reader", 1, 0, "NetworkUser", "Active", 1),
    person(1002, "jsmith", "John", "Smith", 1, 101, "MailboxAdmin", "Active", 2),
    person(1003, "ajones", "Alice", "Jones", 1, 101, "MailboxUser", "Active", 3),
  ];
  for (let i = 4; i < 60; i++) {
    const first = FIRST[i % FIRST.length] ?? "Sam";
    const last = LAST[(i * 7) % LAST.length] ?? "Lee";
    const login = `${first[0]}${last}${i}`.toLowerCase();
    users.push(person(1000 + i, login, first, last, 1, i % 3 === 2 ? 102 : 101, LEVELS[i % LEVELS.length] ?? "MailboxUser", STATUSES[i % STATUSES.length] ?? "Active", i));
  }
  users.push(
    person(2000, "partner-admin", "Pia", "Lund", 2, 205, "NetworkAdmin", "Active", 60),
    person(2001, "jsmith", "Jane", "Smith", 2, 205, "MailboxAdmin", "Active", 61),
    person(2002, "edi-bot", null, null, 2, 205, "MailboxUser", "Active", 62),
    person(2003, "tp-acme", "Acme", "Trading", 2, 206, "TPUser", "Active", 63),
    person(2004, "old-ops", "Otto", "Berg", 2, 206, "MailboxUser", "Terminated", 64),
  );
  return { caller: { userId: 1000 }, users };
}

function person(userId: number, login: string, firstName: string | null, lastName: string | null, networkId: number, mailboxId: number, authLevel: string, status: string, n: number): FakeUserSeed {
  // One user every 11 days from 2024-01-08, at office hours.
  const created = new Date(Date.UTC(2024, 0, 8 + n * 11, 9 + (n % 8), (n * 13) % 60)).toISOString().replace(/\.\d{3}Z$/, "Z");
  return { userId, login, email: `${login}@${networkId === 1 ? "example.com" : "partner.example"}`, firstName, lastName, networkId, mailboxId, authLevel, status, created };
}
