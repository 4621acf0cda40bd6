import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const root = join(import.meta.dirname, "..", "..");

/** A throwaway copy of the project's sources, sharing node_modules, for tests that edit the spec. */
export interface ProjectCopy {
  dir: string;
  /** Replaces text in a file of the copy; throws if `from` is absent, so a test cannot edit nothing. */
  edit(file: string, from: string, to: string): void;
  /** Runs `node scripts/generate.mjs ...args` in the copy and returns its exit code and output. */
  generate(...args: string[]): Promise<{ code: number; output: string }>;
  remove(): void;
}

export function copyProject(): ProjectCopy {
  const dir = mkdtempSync(join(tmpdir(), "ecgrid-copy-"));
  for (const part of ["openapi", "scripts", "generated", "src", "redocly.yaml", "package.json"]) cpSync(join(root, part), join(dir, part), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return {
    dir,
    edit(file, from, to) {
      const path = join(dir, file);
      const text = readFileSync(path, "utf8");
      if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
      writeFileSync(path, text.replace(from, to));
    },
    async generate(...args) {
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, ["scripts/generate.mjs", ...args], { cwd: dir });
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, output: e.stdout + e.stderr };
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
