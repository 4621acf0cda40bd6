import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const redocly = join(root, "node_modules", "@redocly", "cli", "bin", "cli.js");
const spectral = join(root, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");

async function lint(spec: string): Promise<{ code: number; output: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [redocly, "lint", spec, "--config", join(root, "redocly.yaml"), "--format", "json"], { cwd: root });
    return { code: 0, output: stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout, stderr: e.stderr };
  }
}

describe("redocly.yaml", () => {
  it("passes openapi/openapi.yaml with no errors and no warnings", async () => {
    const { code, output } = await lint("openapi/openapi.yaml");
    expect(code).toBe(0);
    const report = JSON.parse(output) as { totals: { errors: number; warnings: number } };
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("rejects the broken fixture, naming each rule it breaks", async () => {
    const { code, output } = await lint("test/fixtures/broken-spec.yaml");
    expect(code).not.toBe(0);
    const report = JSON.parse(output) as { problems: { ruleId: string; location: { pointer: string }[] }[] };
    const found = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ""}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-invalid-media-type-examples .*weakPassword\/value\/password$/),
        expect.stringMatching(/^no-invalid-media-type-examples .*examples\/ok\/value/),
        expect.stringMatching(/^operation-4xx-response /),
        expect.stringMatching(/^rule\/property-description .*properties\/password/),
      ]),
    );
  });
});

/** Runs Spectral with .spectral.yaml and returns its findings as `rule path.to.node`. */
async function spectralLint(spec: string): Promise<{ code: number; found: string[] }> {
  let code = 0;
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [spectral, "lint", spec, "--ruleset", join(root, ".spectral.yaml"), "--format", "json", "--fail-severity", "hint", "--quiet"], { cwd: root }));
  } catch (error) {
    const e = error as { code: number; stdout: string };
    ({ code, stdout } = e);
  }
  const results = JSON.parse(stdout || "[]") as { code: string; path: (string | number)[] }[];
  return { code, found: results.map((r) => `${r.code} ${r.path.join(".")}`) };
}

describe(".spectral.yaml (spectral:oas)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ecgrid-spectral-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes the bundled spec with no finding of any severity", async () => {
    const bundled = join(dir, "openapi.json");
    await promisify(execFile)(process.execPath, [redocly, "bundle", "openapi/openapi.yaml", "--ext", "json", "--output", bundled], { cwd: root });
    expect(await spectralLint(bundled)).toEqual({ code: 0, found: [] });
  });

  it("rejects the broken fixture, naming each rule it breaks", async () => {
    const { code, found } = await spectralLint("test/fixtures/broken-spec-spectral.yaml");
    expect(code).not.toBe(0);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^path-params paths\.\/v2\/users\/\{id\}\.get$/),
        expect.stringMatching(/^oas3-valid-media-example .*examples\.bad\.value\.success$/),
        expect.stringMatching(/^operation-operationId-unique paths\.\/v2\/users\/me\.get\.operationId$/),
        "oas3-unused-component components.schemas.Unused",
      ]),
    );
  });

  it("also rejects the Redocly fixture's invalid example", async () => {
    const { found } = await spectralLint("test/fixtures/broken-spec.yaml");
    expect(found).toContainEqual(expect.stringMatching(/^oas3-valid-media-example .*weakPassword\.value\.password$/));
  });
});
