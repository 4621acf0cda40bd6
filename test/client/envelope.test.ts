import { describe, expect, it } from "vitest";
import { EcgridApiError } from "../../src/index.js";
import { fail, fakeFetch, json, ok, testClient, user, validCreate, type FakeFetch } from "../support/fake-fetch.js";

const client = (fetch: FakeFetch) => testClient(fetch, { maxRetries: 0 });

describe("requests", () => {
  it("carry exactly the caller's fields: no defaults added", async () => {
    const fetch = fakeFetch((request) => ok(request.url.endsWith("/list") ? [] : user(1)));
    await client(fetch).users.create(validCreate);
    await client(fetch).users.list({ status: "Active" });
    await client(fetch).users.list();
    expect(fetch.requests.map((r) => r.body)).toStrictEqual([validCreate, { status: "Active" }, {}]);
    expect(fetch.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST https://api.test/v2/users", "POST https://api.test/v2/users/list", "POST https://api.test/v2/users/list"]);
    expect(fetch.requests[0]?.headers.get("content-type")).toBe("application/json");
  });
});

describe("success envelopes", () => {
  it("create resolves to data, list to the page's array", async () => {
    expect(await client(fakeFetch(() => ok(user(7)))).users.create(validCreate)).toStrictEqual(user(7));
    expect(await client(fakeFetch(() => ok([user(1), user(2)]))).users.list()).toStrictEqual([user(1), user(2)]);
  });

  it("pass unknown fields and unknown enum values through untouched", async () => {
    const future = user(9, { authLevel: "SuperAdmin", status: "Archived", phone: "+1 555 0100", tags: { a: [1] } });
    const page = await client(fakeFetch(() => json({ success: true, errorCode: "", message: "", data: [future], requestId: "r1" }))).users.list();
    expect(page).toStrictEqual([future]);
  });

  it.each([
    ["list data that is not an array", () => ok({ users: [] }), "list", /data is not an array of users/],
    ["create data that is not an object", () => ok([user(1)]), "create", /data is not a user object/],
    ["a success envelope without data", () => json({ success: true }), "list", /HTTP 200/],
  ] as const)("refuse %s with an EcgridApiError", async (_, answer, method, message) => {
    const users = client(fakeFetch(answer)).users;
    const call = method === "list" ? users.list() : users.create(validCreate);
    await expect(call).rejects.toSatisfy((e) => e instanceof EcgridApiError && e.status === 200 && message.test(e.message));
  });
});

describe("error answers all become a clean EcgridApiError", () => {
  const cases = [
    {
      name: "the error envelope",
      answer: () => fail(403, "AccessDenied", "A MailboxUser cannot manage users in network 1."),
      expected: { status: 403, errorCode: "AccessDenied", message: "AccessDenied (HTTP 403): A MailboxUser cannot manage users in network 1." },
    },
    {
      name: "HTTP 200 with success: false",
      answer: () => fail(200, "InvalidParameter", "email is not valid"),
      expected: { status: 200, errorCode: "InvalidParameter", message: "InvalidParameter (HTTP 200): email is not valid" },
    },
    {
      name: "an HTML 502 page",
      answer: () => new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/html" } }),
      expected: { status: 502, errorCode: undefined, body: "<html><body><h1>502 Bad Gateway</h1></body></html>", message: "HTTP 502 Bad Gateway: a text/html body, not JSON" },
    },
    {
      name: "an empty body",
      answer: () => new Response(null, { status: 500 }),
      expected: { status: 500, errorCode: undefined, body: "", message: "HTTP 500: empty body" },
    },
    {
      name: "an empty body with HTTP 200",
      answer: () => new Response("", { status: 200, headers: { "content-type": "application/json" } }),
      expected: { status: 200, errorCode: undefined, body: "" },
    },
    {
      name: "truncated JSON",
      answer: () => new Response('{"success": true, "data": [{"userId": 10', { status: 200, headers: { "content-type": "application/json" } }),
      expected: { status: 200, errorCode: undefined, body: '{"success": true, "data": [{"userId": 10' },
    },
    {
      name: "problem+json",
      answer: () =>
        json({ type: "https://tools.ietf.org/html/rfc9110#section-15.5.1", title: "One or more validation errors occurred.", status: 400, errors: { Email: ["The Email field is required."] } }, 400, {
          "content-type": "application/problem+json",
        }),
      expected: { status: 400, errorCode: undefined, message: "HTTP 400: One or more validation errors occurred. (Email)" },
    },
    {
      name: "JSON that is not the envelope",
      answer: () => json({ error: "nope" }, 500),
      expected: { status: 500, errorCode: undefined, body: { error: "nope" }, message: "HTTP 500: a JSON body that is not the ECGrid envelope" },
    },
  ];

  it.each(cases)("$name", async ({ answer, expected }) => {
    const error = await client(fakeFetch(answer)).users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect(error).toMatchObject(expected);
    expect((error as EcgridApiError).name).toBe("EcgridApiError");
    expect((error as EcgridApiError).request).toEqual({ method: "POST", url: expect.stringMatching(/\/v2\/users\/list$/) });
  });

  it("keeps the body of a huge non-JSON answer to a few KB", async () => {
    const error = (await client(fakeFetch(() => new Response("x".repeat(1_000_000), { status: 502 }))).users.list().catch((e: unknown) => e)) as EcgridApiError;
    expect(typeof error.body).toBe("string");
    expect((error.body as string).length).toBeLessThanOrEqual(4097);
  });

  it("carries retryAfterMs when Retry-After came", async () => {
    const error = (await client(fakeFetch(() => fail(429, "RateLimitExceeded", "slow down", { "retry-after": "3" }))).users.list().catch((e: unknown) => e)) as EcgridApiError;
    expect(error).toMatchObject({ status: 429, errorCode: "RateLimitExceeded", retryAfterMs: 3000 });
  });
});

describe("a short API key, as tests use", () => {
  it("leaves the envelope of an error whole: its errorCode and message are read as the server sent them", async () => {
    const fetch = fakeFetch(() => fail(400, "DuplicateObject", "login 'mjones' is already in use in the network"));
    const error = await testClient(fetch, { apiKey: "e", maxRetries: 0, safeCreate: false }).users.create(validCreate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    expect(error).toMatchObject({ errorCode: "DuplicateObject", message: "DuplicateObject (HTTP 400): login 'mjones' is already in use in the network" });
  });
});
