import { describe, expect, it } from "vitest";
import { createEcgridClient } from "../../src/index.js";
import { createFakeEcgrid } from "../../src/testing/index.js";

/** Distinctive secrets, so that any trace of one in the log is unmistakable. */
const KEY = "sk-FAKE-LOG-7d1e-SECRET";
const PASSWORD = "Pw0rd!-LOG-SECRET";
const NEW_PASSWORD = "NewPw0rd!-LOG-SECRET";
const USER_KEY = "ajones-LOG-KEY-SECRET";
const TOKEN = "eyJ-LOG-TOKEN-SECRET";

describe("the request log", () => {
  it("keeps no secret sent or returned: keys, tokens, passwords, generated passwords and keys", async () => {
    const fake = createFakeEcgrid({ users: [{ userId: 1043, login: "ajones", apiKey: USER_KEY }] });
    const ecgrid = createEcgridClient({ apiKey: KEY, baseUrl: "http://localhost", fetch: fake.fetch, maxRetries: 0 });
    const returned: string[] = [];
    await ecgrid.users.create({ login: "bkhan", password: PASSWORD, email: "bkhan@example.com" });
    await ecgrid.raw.POST("/v2/users/password", { body: { userId: 1043, newPassword: NEW_PASSWORD } });
    returned.push((await ecgrid.raw.GET("/v2/users/key/{id}", { params: { path: { id: 1043 } } })).data!.data);
    returned.push((await ecgrid.raw.POST("/v2/users/key-generate/{id}", { params: { path: { id: 1043 } } })).data!.data);
    const generated = (await ecgrid.raw.POST("/v2/users/generate-password", { body: { length: 20 } })).data!.data;
    returned.push(generated);
    // The generated password used, and secrets put where no secret belongs.
    await ecgrid.raw.POST("/v2/users/password", { body: { userId: 1043, newPassword: generated } });
    await fake.fetch("http://localhost/v2/users/update-config", { method: "POST", headers: { "x-api-key": KEY }, body: JSON.stringify({ userId: 1043, note: `key=${KEY}`, other: USER_KEY, nested: { password: "x", list: [returned[1]] }, copies: [generated, NEW_PASSWORD, PASSWORD] }) });
    await fake.fetch("http://localhost/v2/users", { method: "POST", headers: { "x-api-key": KEY }, body: JSON.stringify({ login: "echo", password: "Echo-Pw0rd!", email: "e@example.com", note: "my password is Echo-Pw0rd!" }) });
    await fake.fetch("http://localhost/v2/users/me", { headers: { authorization: `Bearer ${TOKEN}` } });
    await fake.fetch("http://localhost/v2/users/send-sms", { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ userId: 1043, message: `token ${TOKEN}` }) });

    const log = JSON.stringify(fake.requests);
    for (const secret of [KEY, PASSWORD, NEW_PASSWORD, USER_KEY, TOKEN, "Echo-Pw0rd!", ...returned]) expect(log).not.toContain(secret);
    expect(fake.requests).toHaveLength(10);
    expect(fake.requests[0]).toStrictEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      method: "POST",
      path: "/v2/users",
      operationId: "createUser",
      credential: "api-key",
      body: { login: "bkhan", password: "[REDACTED]", email: "bkhan@example.com" },
      status: 200,
      errorCode: undefined,
      fault: undefined,
    });
    expect(fake.requests[6]?.body).toStrictEqual({ userId: 1043, note: "[REDACTED]", other: "[REDACTED]", nested: { password: "[REDACTED]", list: ["[REDACTED]"] }, copies: ["[REDACTED]", "[REDACTED]", "[REDACTED]"] });
    expect(fake.requests[7]?.body).toStrictEqual({ login: "echo", password: "[REDACTED]", email: "e@example.com", note: "[REDACTED]" });
    expect(fake.requests.slice(8).map((r) => r.credential)).toEqual(["bearer", "bearer"]);
    expect(fake.requests[9]?.body).toStrictEqual({ userId: 1043, message: "[REDACTED]" });
  });

  it("keeps the latest maxLoggedRequests, and says what a body that is not JSON was", async () => {
    const fake = createFakeEcgrid({ maxLoggedRequests: 3 });
    for (let pageNo = 1; pageNo <= 7; pageNo++) await fake.fetch("http://localhost/v2/users/list", { method: "POST", headers: { "x-api-key": "k" }, body: JSON.stringify({ pageNo }) });
    expect(fake.requests.map((r) => (r.body as { pageNo: number }).pageNo)).toEqual([5, 6, 7]);
    await fake.fetch("http://localhost/v2/users/list", { method: "POST", headers: { "x-api-key": "k" }, body: "pageNo=1" });
    expect(fake.requests.at(-1)).toMatchObject({ body: "[not JSON: 8 characters]", status: 400, errorCode: "InvalidParameter" });
    expect(createFakeEcgrid({ maxLoggedRequests: 0 }).requests).toEqual([]);
  });

  it("records a path the spec does not have, with no operation; GET /v2/users/list is Get User with a bad id", async () => {
    const fake = createFakeEcgrid();
    const response = await fake.fetch("http://localhost/v2/mailboxes/101", { headers: { "x-api-key": "k" } });
    expect(response.status).toBe(404);
    expect(await response.json()).toStrictEqual({ success: false, errorCode: "ObjectNotFound", message: "The API has no operation at GET /v2/mailboxes/101.", data: null });
    const wrongMethod = await fake.fetch("http://localhost/v2/users/list", { headers: { "x-api-key": "k" } });
    expect(await wrongMethod.json()).toMatchObject({ errorCode: "InvalidParameter", message: "id must be an integer" });
    expect(fake.requests).toMatchObject([
      { method: "GET", path: "/v2/mailboxes/101", operationId: undefined, status: 404 },
      { method: "GET", path: "/v2/users/list", operationId: "getUser", status: 400 },
    ]);
  });
});
