import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const redocly = join(root, "node_modules", "@redocly", "cli", "bin", "cli.js");

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
