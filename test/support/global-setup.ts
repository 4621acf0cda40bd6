import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startPrism } from "../../scripts/lib/prism.mjs";
import { ensureBuilt } from "./build.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock built from openapi/openapi.yaml. */
    prismUrl: string;
  }
}

/** One Prism mock for the whole run, stopped by its PID even when tests fail. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The command-line tests run the built CLI as a child process.
  ensureBuilt();
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.stop();
}
