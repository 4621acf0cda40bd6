import { describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/prism.mjs";
import { runCli } from "../support/cli.js";
import { SECRET_KEY, SECRET_PASSWORD } from "../support/fake-fetch.js";
import { localServer, sendJson } from "../support/local-server.js";

/** Runs the CLI with --verbose and checks that neither secret reaches stdout or stderr. */
async function expectNoLeak(args: string[], baseUrl: string, stdin = `${SECRET_PASSWORD}\n`): Promise<number | null> {
  const run = await runCli([...args, "--verbose"], { env: { ECGRID_API_KEY: SECRET_KEY, ECGRID_BASE_URL: baseUrl }, stdin, timeoutMs: 20_000 });
  for (const text of [run.stdout, run.stderr]) {
    for (const secret of [SECRET_KEY, SECRET_PASSWORD, stdin.trim()]) expect(text).not.toContain(secret);
  }
  return run.code;
}

const create = ["create", "--login", "jsmith", "--email", "jsmith@example.com", "--password-stdin"];

describe("the command line never prints the key or the password, even with --verbose", () => {
  it("on success, against the mock", async () => {
    expect(await expectNoLeak(create, inject("prismUrl"))).toBe(0);
    expect(await expectNoLeak(["list", "--all"], inject("prismUrl"))).toBe(0);
  });

  it("on an API error whose body echoes both", async () => {
    const server = await localServer((_, res) => sendJson(res, 400, { success: false, errorCode: "InvalidParameter", message: `bad password ${SECRET_PASSWORD} for key ${SECRET_KEY}`, data: { key: SECRET_KEY } }, { "x-echo": SECRET_KEY }));
    try {
      expect(await expectNoLeak(create, server.url)).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("on a network error", async () => {
    expect(await expectNoLeak(create, `http://127.0.0.1:${await freePort()}`)).toBe(1);
  });

  it("on a validation error about the password", async () => {
    expect(await expectNoLeak(create, inject("prismUrl"), "weak-SECRET-password\n")).toBe(2);
  });

  it("on retries of a list", async () => {
    let calls = 0;
    const server = await localServer((_, res) => (++calls < 2 ? sendJson(res, 503, { success: false, errorCode: "InternalError", message: SECRET_KEY, data: null }, { "retry-after": "0" }) : sendJson(res, 200, { success: true, data: [] })));
    try {
      expect(await expectNoLeak(["list"], server.url)).toBe(0);
      expect(calls).toBe(2);
    } finally {
      await server.close();
    }
  });
});
