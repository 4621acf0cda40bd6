import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("npm run load, reduced (--quick)", () => {
  it("every call succeeds through 429s and 503s, nothing is left running, memory stays flat", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, "scripts", "load.mjs"), "--quick", "--json"], { cwd: root, timeout: 60_000 }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const report = JSON.parse(stdout) as {
      figures: { calls: number; listAllUsers: number };
      runs: { ok: number; failed: number }[];
      unhandledRejections: number;
      activeHandlesAfter: string[];
      heapSecondVsFirst: number;
      listAll: { users: number; peakLiveHeapPages: number };
      workerExitCode: number;
    };
    expect(report.runs).toEqual([
      expect.objectContaining({ ok: report.figures.calls, failed: 0 }),
      expect.objectContaining({ ok: report.figures.calls, failed: 0 }),
    ]);
    expect(report.unhandledRejections).toBe(0);
    expect(report.activeHandlesAfter).toEqual([]);
    expect(report.workerExitCode).toBe(0);
    expect(report.heapSecondVsFirst).toBeGreaterThan(0.9);
    expect(report.heapSecondVsFirst).toBeLessThan(1.1);
    expect(report.listAll.users).toBe(report.figures.listAllUsers);
    expect(report.listAll.peakLiveHeapPages).toBeLessThanOrEqual(3);
  }, 60_000);
});
