import { describe, expect, inject, it } from "vitest";
import { createEcgridClient, EcgridApiError, EcgridValidationError, type CreateUserInput, type EcgridClientOptions, type User } from "../../src/index.js";
import { seedJson, TEST_API_KEY, violations } from "../support/mock.js";

/** The consumer client on the mock; `prefer` picks Prism's answer, and every body sent and answer's violations are kept. */
function mockEcgrid(options: { prefer?: string } & EcgridClientOptions = {}) {
  const seen: ReturnType<typeof violations>[] = [];
  const sent: unknown[] = [];
  const { prefer, ...rest } = options;
  const ecgrid = createEcgridClient({
    apiKey: TEST_API_KEY,
    baseUrl: inject("prismUrl"),
    maxRetries: 0,
    fetch: async (request) => {
      if (prefer) request.headers.set("Prefer", prefer);
      sent.push(JSON.parse(await request.clone().text()));
      const response = await fetch(request);
      seen.push(violations(response));
      return response;
    },
    ...rest,
  });
  return { ecgrid, seen, sent };
}

describe("the client against the mock", () => {
  it("create resolves to the seed's user, with no violation", async () => {
    const [request, response] = seedJson("create-user") as [Parameters<ReturnType<typeof mockEcgrid>["ecgrid"]["users"]["create"]>[0], { data: User }];
    const { ecgrid, seen } = mockEcgrid();
    expect(await ecgrid.users.create(request)).toStrictEqual(response.data);
    expect(seen).toEqual([[]]);
  });

  it("list resolves to the seed's page", async () => {
    const [request, response] = seedJson("list-users") as [object, { data: User[] }];
    const { ecgrid, seen } = mockEcgrid();
    expect(await ecgrid.users.list(request)).toStrictEqual(response.data);
    expect(seen).toEqual([[]]);
  });

  it("list sends the C# sample's body, nulls and all, as given, and the mock accepts it", async () => {
    const body = { networkId: null, mailboxId: null, authLevel: null, status: "Active", pageNo: 1, recordsPerPage: 25 } as const;
    const { ecgrid, seen, sent } = mockEcgrid();
    expect(await ecgrid.users.list(body)).toHaveLength(2);
    expect(sent).toStrictEqual([body]);
    expect(seen).toEqual([[]]);
  });

  it("create refuses authLevel NoChange before sending anything", async () => {
    const { ecgrid, sent } = mockEcgrid();
    const input = { login: "jsmith", password: "Passw0rd!", email: "jsmith@example.com", authLevel: "NoChange" } as unknown as CreateUserInput;
    const error = await ecgrid.users.create(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridValidationError);
    expect((error as EcgridValidationError).issues).toEqual([{ path: "authLevel", message: expect.stringMatching(/^authLevel must be one of Root, .*General$/) }]);
    expect(sent).toEqual([]);
  });

  it("listAll stops after the mock's short page", async () => {
    const { ecgrid } = mockEcgrid();
    const users = await ecgrid.users.listAll({ networkId: 1 }).toArray({ limit: 100 });
    expect(users.map((u) => u.login)).toEqual(["jsmith", "ajones"]);
  });

  it("listAll detects the mock repeating a full page", async () => {
    const { ecgrid } = mockEcgrid();
    await expect(ecgrid.users.listAll({ recordsPerPage: 2 }).toArray({ limit: 100 })).rejects.toThrow(/repeats page 1/);
  });

  it.each([
    [400, "InvalidParameter"],
    [401, "InvalidAPIKey"],
    [403, "AccessDenied"],
    [404, "ObjectNotFound"],
    [429, "RateLimitExceeded"],
    [500, "InternalError"],
    [503, "ServiceUnavailable"],
  ])("throws EcgridApiError for the spec's %s %s", async (status, errorCode) => {
    const { ecgrid, seen } = mockEcgrid({ prefer: `code=${status}` });
    const error = await ecgrid.users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect(error).toMatchObject({ status, errorCode, message: expect.stringMatching(new RegExp(`^${errorCode} \\(HTTP ${status}\\): .+`)) });
    if (status === 429) expect((error as EcgridApiError).retryAfterMs).toBe(30_000);
    expect(seen).toEqual([[]]);
  });

  it("lets the server judge when validateRequests is off, and Prism refuses what the client would have", async () => {
    const { ecgrid, seen } = mockEcgrid({ validateRequests: false });
    await expect(ecgrid.users.list({ pageNo: 0 })).rejects.toMatchObject({ status: 400, errorCode: "InvalidParameter" });
    expect(seen[0]).toEqual([expect.objectContaining({ location: ["request", "body", "pageNo"], code: "minimum" })]);
  });

  it("the raw client shares the key and reaches the same mock", async () => {
    const { ecgrid } = mockEcgrid();
    const { data, response } = await ecgrid.raw.POST("/v2/users/list", { body: {} });
    expect(response.status).toBe(200);
    expect(data?.data).toHaveLength(2);
  });
});
