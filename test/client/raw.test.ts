import { describe, expect, it } from "vitest";
import type { Middleware } from "openapi-fetch";
import { EcgridTimeoutError } from "../../src/index.js";
import { fakeFetch, hang, ok, SECRET_KEY, testClient, user } from "../support/fake-fetch.js";

describe("the raw client", () => {
  it("sends typed calls through the client's own path, with the key, and returns { data, response }", async () => {
    const fetch = fakeFetch(() => ok(user(1042)));
    const { data, response } = await testClient(fetch).raw.GET("/v2/users/{id}", { params: { path: { id: 1042 } } });
    expect(response.status).toBe(200);
    expect(data?.data.userId).toBe(1042);
    expect(fetch.requests[0]?.headers.get("x-api-key")).toBe(SECRET_KEY);
    expect(new URL(fetch.requests[0]!.url).pathname).toBe("/v2/users/1042");
  });

  it("applies middleware registered before openapi-fetch has loaded, and stops after eject", async () => {
    const fetch = fakeFetch(() => ok([]));
    const raw = testClient(fetch).raw;
    const tag: Middleware = { onRequest: ({ request }) => (request.headers.set("x-correlation-id", "abc"), request) };
    raw.use(tag);
    await raw.POST("/v2/users/list", { body: {} });
    raw.eject(tag);
    await raw.POST("/v2/users/list", { body: {} });
    expect(fetch.requests.map((r) => r.headers.get("x-correlation-id"))).toEqual(["abc", null]);
  });

  it("meets the same timeout, and retries a read as users.* do", async () => {
    const fetch = fakeFetch((request, _, n) => (n === 1 ? hang(request) : ok([])));
    const { response } = await testClient(fetch, { timeoutMs: 200, maxRetries: 1 }).raw.POST("/v2/users/list", { body: {} });
    expect(response.status).toBe(200);
    expect(fetch.requests).toHaveLength(2);
    const never = fakeFetch(hang);
    await expect(testClient(never, { timeoutMs: 100, maxRetries: 0 }).raw.POST("/v2/users", { body: { login: "a", password: "Passw0rd!", email: "a@b.co" } })).rejects.toBeInstanceOf(EcgridTimeoutError);
    expect(never.requests).toHaveLength(1);
  });
});
