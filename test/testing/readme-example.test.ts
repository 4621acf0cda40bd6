import { beforeEach, describe, expect, it } from "vitest";
import { createEcgridClient, isEcgridApiError, type EcgridClient } from "ecgrid-users";
import { createFakeEcgrid } from "ecgrid-users/testing";

// The code under test, your own: a provisioning step that must not create a user twice.
async function provision(ecgrid: EcgridClient, login: string) {
  try {
    return await ecgrid.users.create({ login, password: "Initial-Passw0rd", email: `${login}@example.com` });
  } catch (error) {
    if (!isEcgridApiError(error) || error.errorCode !== "DuplicateObject") throw error;
    const existing = (await ecgrid.users.getByLogin(login)).find((user) => user.networkId === 1);
    if (existing === undefined) throw error;
    return existing;
  }
}

describe("provision", () => {
  const fake = createFakeEcgrid({
    caller: { networkId: 1, mailboxId: 101, authLevel: "NetworkAdmin" },
    users: [{ userId: 1042, login: "jsmith", authLevel: "MailboxAdmin" }],
  });
  // In-process: no socket is opened, and any key is the caller's.
  const ecgrid = createEcgridClient({ apiKey: "any", baseUrl: "http://localhost", fetch: fake.fetch });
  beforeEach(() => fake.reset());

  it("creates a mailbox user in the caller's mailbox", async () => {
    expect(await provision(ecgrid, "ajones")).toMatchObject({ login: "ajones", networkId: 1, mailboxId: 101, authLevel: "MailboxUser", status: "Active" });
    expect(fake.users.map((user) => user.login)).toEqual(["jsmith", "ajones"]);
  });

  it("finds the user an earlier run created", async () => {
    expect(await provision(ecgrid, "jsmith")).toMatchObject({ userId: 1042 });
    expect(fake.users).toHaveLength(1);
  });

  it("gets through a rate limit, and the fake keeps no password", async () => {
    fake.failNext("createUser", { status: 429, retryAfter: 0 });
    await provision(ecgrid, "bkhan");
    expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(JSON.stringify(fake.requests)).not.toContain("Initial-Passw0rd");
  });

  it("survives a connection dropped after the user was created: the client looks before creating again", async () => {
    fake.failNext("createUser", "reset-after-apply");
    expect(await provision(ecgrid, "ckim")).toMatchObject({ login: "ckim" });
    expect(fake.users.filter((user) => user.login === "ckim")).toHaveLength(1);
  });
});
