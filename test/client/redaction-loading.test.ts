import { describe, expect, it } from "vitest";
import { EcgridApiError } from "../../src/index.js";
import { redactionLoaded } from "../../src/redact.js";
import { fakeFetch, ok, SECRET_KEY, testClient, user } from "../support/fake-fetch.js";

// Its own file: the redactor's module state is fresh here, as in a program that has just started.
describe("the redactor's character patterns", () => {
  it("are not loaded by calls that succeed, and are loaded before the first error is built", async () => {
    let fail = false;
    const fetch = fakeFetch(() =>
      fail ? new Response(`<p>bad key ${encodeURIComponent(encodeURIComponent(SECRET_KEY))}</p>`, { status: 502, headers: { "content-type": "text/html" } }) : ok([user(1)]),
    );
    const ecgrid = testClient(fetch, { maxRetries: 0 });
    await ecgrid.users.list();
    await ecgrid.users.list();
    expect(redactionLoaded()).toBe(false);
    fail = true;
    const error = await ecgrid.users.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcgridApiError);
    // Percent-encoded twice: only the character patterns match it.
    expect((error as EcgridApiError).body).toBe("<p>bad key [REDACTED]</p>");
    expect(redactionLoaded()).toBe(true);
  });
});
