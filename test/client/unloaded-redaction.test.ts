import { describe, expect, it, vi } from "vitest";
import { createEcgridClient, EcgridNetworkError } from "../../src/index.js";
import { fakeFetch, ok, SECRET_KEY, user, validCreate } from "../support/fake-fetch.js";

// The redactor's character patterns cannot load at all (a browser offline): values are hidden whole.
vi.mock("../../src/redact-mixed.js", () => {
  throw new TypeError("Failed to fetch dynamically imported module");
});

describe("the redactor's patterns failing to load", () => {
  it("a create's recovery still holds a list of users, left empty, never a string", async () => {
    const fetch = fakeFetch((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/v2/users") throw new TypeError("fetch failed: reset after applying");
      if (path === "/v2/users/by-name") return ok([user(9, { login: validCreate.login, email: "other@example.com", networkId: 1 })]);
      return ok(user(1, { networkId: 1 }));
    });
    const client = createEcgridClient({ apiKey: SECRET_KEY, baseUrl: "https://api.test", fetch, maxRetries: 1 });
    const error = await client.users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridNetworkError);
    expect((error as EcgridNetworkError).recovery).toEqual({ outcome: "different-user", found: [] });
  });
});
