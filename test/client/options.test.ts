import { afterEach, describe, expect, it, vi } from "vitest";
import { createEcgridClient, EcgridError } from "../../src/index.js";
import { fakeFetch, ok, SECRET_KEY } from "../support/fake-fetch.js";

afterEach(() => vi.unstubAllEnvs());

describe("apiKey", () => {
  it("comes from ECGRID_API_KEY when not given, and is sent as X-API-Key", async () => {
    vi.stubEnv("ECGRID_API_KEY", SECRET_KEY);
    const fetch = fakeFetch(() => ok([]));
    await createEcgridClient({ fetch }).users.list();
    expect(fetch.requests[0]?.headers.get("x-api-key")).toBe(SECRET_KEY);
  });

  it("when missing, makes construction throw an EcgridError that says how to provide one", () => {
    vi.stubEnv("ECGRID_API_KEY", "");
    expect(() => createEcgridClient()).toThrow(EcgridError);
    expect(() => createEcgridClient()).toThrow(/pass \{ apiKey \}.*ECGRID_API_KEY/);
  });

  it.each(["key\r\nX-Injected: 1", "key\nmore", "key\rmore"])("with CR or LF (%j) makes construction throw", (apiKey) => {
    expect(() => createEcgridClient({ apiKey })).toThrow(/must be printable ASCII: no CR or LF/);
  });

  it("with other control characters makes construction throw", () => {
    expect(() => createEcgridClient({ apiKey: "key\u0000" })).toThrow(EcgridError);
  });
});

describe("baseUrl", () => {
  const send = async (baseUrl?: string) => {
    const fetch = fakeFetch(() => ok([]));
    await createEcgridClient({ apiKey: SECRET_KEY, fetch, ...(baseUrl === undefined ? {} : { baseUrl }) }).users.list();
    return fetch.requests[0]?.url;
  };

  it("defaults to ECGRID_BASE_URL, else the production host", async () => {
    expect(await send()).toBe("https://rest.ecgrid.io/v2/users/list");
    vi.stubEnv("ECGRID_BASE_URL", "https://proxy.example.com/ecgrid");
    expect(await send()).toBe("https://proxy.example.com/ecgrid/v2/users/list");
  });

  it("tolerates a trailing slash", async () => {
    expect(await send("https://rest.ecgrid.io/")).toBe("https://rest.ecgrid.io/v2/users/list");
    expect(await send("https://gw.example.com/base//")).toBe("https://gw.example.com/base/v2/users/list");
  });

  it.each(["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010"])("allows plain http on loopback: %s", async (baseUrl) => {
    expect(await send(baseUrl)).toBe(`${baseUrl}/v2/users/list`);
  });

  it.each([
    ["http://rest.ecgrid.io", /plain http would send the API key in clear text/],
    ["http://10.0.0.5", /must use https/],
    ["ftp://rest.ecgrid.io", /must use https, not ftp/],
    ["rest.ecgrid.io", /absolute http\(s\) URL/],
    [42 as unknown as string, /absolute http\(s\) URL/],
    ["https://user:pw@rest.ecgrid.io", /must not carry credentials/],
    ["https://rest.ecgrid.io/v2", /must not end in \/v2/],
    ["https://rest.ecgrid.io?x=1", /query or a fragment/],
    ["https://rest.ecgrid.io\r\nX-Injected: 1", /control characters/],
  ])("refuses %j at construction", (baseUrl, message) => {
    expect(() => createEcgridClient({ apiKey: SECRET_KEY, baseUrl })).toThrow(message);
  });
});

describe("timeoutMs and maxRetries", () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses timeoutMs %s", (timeoutMs) => {
    expect(() => createEcgridClient({ apiKey: SECRET_KEY, timeoutMs })).toThrow(/timeoutMs must be a number of milliseconds above 0/);
  });

  it.each([-1, 1.5, Number.NaN])("refuses maxRetries %s", (maxRetries) => {
    expect(() => createEcgridClient({ apiKey: SECRET_KEY, maxRetries })).toThrow(/maxRetries must be a whole number/);
  });

  it("refuses a bad per-call value before sending", async () => {
    const fetch = fakeFetch(() => ok([]));
    const client = createEcgridClient({ apiKey: SECRET_KEY, fetch });
    await expect(client.users.list({}, { timeoutMs: -5 })).rejects.toThrow(/timeoutMs/);
    expect(fetch.requests).toHaveLength(0);
  });
});
