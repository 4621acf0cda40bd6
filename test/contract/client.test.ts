import { describe, expect, it } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridValidationError, type CreateUserInput, type EcgridClientOptions, type User } from "../../src/index.js";
import type { FakeEcgridOptions } from "../../src/testing/index.js";
import { seedJson, TEST_API_KEY, violations } from "../support/mock.js";
import { DOCUMENTED_ERRORS } from "../support/spec.js";
import { SERVERS, serverFetch, startServer, type ServerKind } from "./servers.js";

const [seedCreate, seedCreated] = seedJson("create-user") as [CreateUserInput, { data: User }];
const [seedListRequest, seedPage] = seedJson("list-users") as [object, { data: User[] }];

/**
 * The world each seed document implies, for the fake: the list seed's two users exist; the create
 * seed's user is the next one made (userId 1042) at the time it shows.
 */
const listWorld: FakeEcgridOptions = { users: seedPage.data };
const createWorld: FakeEcgridOptions = { nextUserId: seedCreated.data.userId, clock: () => Date.parse(seedCreated.data.created) };

describe.each(SERVERS)("the client against %s", (kind: ServerKind) => {
  /**
   * The consumer client on the server; `prefer` picks Prism's answer (the fake ignores it), and
   * every body sent and answer's violations are kept. The fake starts from `world`.
   */
  async function mockEcgrid(options: { prefer?: string; world?: FakeEcgridOptions } & EcgridClientOptions = {}) {
    const seen: ReturnType<typeof violations>[] = [];
    const sent: unknown[] = [];
    const { prefer, world, ...rest } = options;
    const server = await startServer(kind, world);
    const send = serverFetch(server);
    const ecgrid = createEcgridClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      maxRetries: 0,
      fetch: async (request) => {
        if (prefer) request.headers.set("Prefer", prefer);
        sent.push(JSON.parse(await request.clone().text()));
        const response = await send(request);
        seen.push(violations(response));
        return response;
      },
      ...rest,
    });
    return { ecgrid, seen, sent, fake: server.fake };
  }

  it("create resolves to the seed's user, with no violation", async () => {
    const { ecgrid, seen, fake } = await mockEcgrid({ world: createWorld });
    expect(await ecgrid.users.create(seedCreate)).toStrictEqual(seedCreated.data);
    expect(seen).toEqual([[]]);
    if (fake) {
      // Stateful: the user is there afterwards, and a second create of its login is refused.
      expect(await ecgrid.users.list({ networkId: 1 })).toStrictEqual([seedCreated.data]);
      await expect(ecgrid.users.create(seedCreate)).rejects.toMatchObject({ status: 400, errorCode: "DuplicateObject" });
      expect(fake.users).toStrictEqual([seedCreated.data]);
      expect(seen.flat()).toEqual([]);
    }
  });

  it("list resolves to the seed's page", async () => {
    const { ecgrid, seen } = await mockEcgrid({ world: listWorld });
    expect(await ecgrid.users.list(seedListRequest)).toStrictEqual(seedPage.data);
    expect(seen).toEqual([[]]);
  });

  it("list sends the C# sample's body, nulls and all, as given, and the server accepts it", async () => {
    const body = { networkId: null, mailboxId: null, authLevel: null, status: "Active", pageNo: 1, recordsPerPage: 25 } as const;
    const { ecgrid, seen, sent } = await mockEcgrid({ world: listWorld });
    expect(await ecgrid.users.list(body)).toHaveLength(2);
    expect(sent).toStrictEqual([body]);
    expect(seen).toEqual([[]]);
  });

  it("create refuses authLevel NoChange before sending anything", async () => {
    const { ecgrid, sent } = await mockEcgrid();
    const input = { login: "jsmith", password: "Passw0rd!", email: "jsmith@example.com", authLevel: "NoChange" } as unknown as CreateUserInput;
    const error = await ecgrid.users.create(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridValidationError);
    expect((error as EcgridValidationError).issues).toEqual([{ path: "authLevel", message: expect.stringMatching(/^authLevel must be one of Root, .*General$/) }]);
    expect(sent).toEqual([]);
  });

  it("listAll stops after the short page", async () => {
    const { ecgrid } = await mockEcgrid({ world: listWorld });
    const users = await ecgrid.users.listAll({ networkId: 1 }).toArray({ limit: 100 });
    expect(users.map((u) => u.login)).toEqual(["jsmith", "ajones"]);
  });

  if (kind === "prism") {
    it("listAll detects the mock repeating a full page", async () => {
      const { ecgrid } = await mockEcgrid();
      await expect(ecgrid.users.listAll({ recordsPerPage: 2 }).toArray({ limit: 100 })).rejects.toThrow(/repeats page 1/);
    });
  } else {
    it("listAll reads real pages: five users, two a page, in three requests", async () => {
      const users = Array.from({ length: 5 }, (_, i) => ({ login: `user${i + 1}` }));
      const { ecgrid, sent, seen } = await mockEcgrid({ world: { users } });
      expect((await ecgrid.users.listAll({ recordsPerPage: 2 }).toArray({ limit: 100 })).map((u) => u.login)).toEqual(users.map((u) => u.login));
      expect(sent).toEqual([1, 2, 3].map((pageNo) => ({ pageNo, recordsPerPage: 2 })));
      expect(seen.flat()).toEqual([]);
    });
  }

  it.each(DOCUMENTED_ERRORS)("throws EcgridApiError for the spec's %s %s", async (status, errorCode) => {
    const { ecgrid, seen, fake } = await mockEcgrid({ prefer: `code=${status}` });
    fake?.failNext("listUsers", { status, retryAfter: status === 429 ? 30 : undefined });
    const error = await ecgrid.users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect(error).toMatchObject({ status, errorCode, message: expect.stringMatching(new RegExp(`^${errorCode} \\(HTTP ${status}\\): .+`)) });
    if (status === 429) expect((error as EcgridApiError).retryAfterMs).toBe(30_000);
    expect(seen).toEqual([[]]);
  });

  it("lets the server judge when validateRequests is off, and the server refuses what the client would have", async () => {
    const { ecgrid, seen, fake } = await mockEcgrid({ validateRequests: false });
    await expect(ecgrid.users.list({ pageNo: 0 })).rejects.toMatchObject({ status: 400, errorCode: "InvalidParameter" });
    expect(seen[0]).toEqual([expect.objectContaining({ location: ["request", "body", "pageNo"], code: "minimum" })]);
    // The fake's message names the field and the rule, in the client's own words.
    if (fake) await expect(ecgrid.users.list({ pageNo: 0 })).rejects.toMatchObject({ message: "InvalidParameter (HTTP 400): pageNo must be >= 1" });
  });

  it("the raw client shares the key and reaches the same server", async () => {
    const { ecgrid } = await mockEcgrid({ world: listWorld });
    const { data, response } = await ecgrid.raw.POST("/v2/users/list", { body: {} });
    expect(response.status).toBe(200);
    expect(data?.data).toHaveLength(2);
  });
});
