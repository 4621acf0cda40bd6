import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const run = (file: string, args: string[], cwd: string) => promisify(execFile)(process.execPath, [file, ...args], { cwd, timeout: 120_000 });

/**
 * A second generator, @hey-api/openapi-ts (pinned in package.json), turns the bundled spec into a
 * client, offline, in a temp folder; `tsc --strict` must compile it together with a consumer that
 * uses it. This is what a user of another generator meets.
 */
describe("the bundled spec with @hey-api/openapi-ts", () => {
  const dir = mkdtempSync(join(tmpdir(), "ecgrid-heyapi-"));
  let types = "";

  beforeAll(async () => {
    await run(join(root, "node_modules", "@redocly", "cli", "bin", "cli.js"), ["bundle", join(root, "openapi", "openapi.yaml"), "--ext", "json", "--output", join(dir, "openapi.json")], root);
    await run(join(root, "node_modules", "@hey-api", "openapi-ts", "bin", "run.js"), ["--input", "openapi.json", "--output", "client", "--silent"], dir);
    types = readFileSync(join(dir, "client", "types.gen.ts"), "utf8");
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the component names: none renamed to make room for its own", () => {
    expect(types).toMatch(/^export type UserEnvelope = /m);
    expect(types).toMatch(/^export type CreateUserRequest = /m);
    expect(types.match(/^export type \w+\d = /gm) ?? []).toEqual([]);
  });

  it("keeps password in CreateUserRequest, and success as the literal true", () => {
    const createUserRequest = /^export type CreateUserRequest = \{[\s\S]*?^\};/m.exec(types)?.[0] ?? "";
    expect(createUserRequest).toMatch(/^\s+password: Password;$/m);
    expect(types).toMatch(/^\s+success: true;$/m);
  });

  it("compiles under tsc --strict, with a consumer of the generated SDK", async () => {
    writeFileSync(
      join(dir, "consumer.ts"),
      [
        'import { createUser, getApiKey, listUsers } from "./client/index.js";',
        "export async function use(): Promise<void> {",
        '  const created = await createUser({ body: { login: "a", password: "Passw0rd!", email: "a@b.co", authLevel: "MailboxUser", firstName: null } });',
        "  if (created.data) {",
        "    const ok: true = created.data.success;",
        "    const id: number = created.data.data.userId;",
        "    const name: string | null | undefined = created.data.data.firstName;",
        "    void [ok, id, name];",
        "  }",
        "  // @ts-expect-error: NoChange is not a level Create User can assign",
        '  await createUser({ body: { login: "a", password: "Passw0rd!", email: "a@b.co", authLevel: "NoChange" } });',
        '  await listUsers({ body: { authLevel: "NoChange", networkId: null } });',
        "  const key = await getApiKey({ path: { id: 1042 } });",
        "  if (key.data) { const secret: string = key.data.data; void secret; }",
        "}",
        "",
      ].join("\n"),
    );
    const options = { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", lib: ["es2022", "dom", "dom.iterable"], types: [], skipLibCheck: false };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: options, include: ["client/**/*.ts", "consumer.ts"] }));
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const result = await run(tsc, ["-p", "tsconfig.json"], dir).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(result).toBe("");
  }, 120_000);
});
