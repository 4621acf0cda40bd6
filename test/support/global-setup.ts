import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startPrism } from "../../scripts/lib/prism.mjs";
import { startRelay } from "../contract/fake-relay.js";
import { ensureBuilt } from "./build.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock built from openapi/openapi.yaml. */
    prismUrl: string;
    /** Base URL of a Prism proxy that validates every exchange with the fake named in each request's x-fake-upstream header. */
    fakeProxyUrl: string;
  }
}

/** One Prism mock, and one Prism proxy in front of the tests' fakes, for the whole run, stopped by their PIDs even when tests fail. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The command-line tests run the built CLI as a child process.
  ensureBuilt();
  const relay = await startRelay();
  const [prism, proxy] = await Promise.all([startPrism(), startPrism({ mode: "proxy", upstream: relay.url })]);
  project.provide("prismUrl", prism.url);
  project.provide("fakeProxyUrl", proxy.url);
  return async () => {
    await Promise.all([prism.stop(), proxy.stop()]);
    await relay.close();
  };
}
