import { defineConfig } from "vitest/config";

/** The suites that test the client itself, run once per transport. */
const clientSuites = ["test/client/**/*.test.ts"];
// Option parsing, and the retry schedule on fake timers, do not depend on the transport.
const fetchOnly = ["test/client/options.test.ts", "test/client/retry-timing.test.ts", "test/client/retry-schedule.test.ts"];

export default defineConfig({
  test: {
    // Prism answers in milliseconds; a test that waits longer is hung, not slow.
    testTimeout: 15_000,
    hookTimeout: 30_000,
    // The fault scenarios run concurrently, each against its own server.
    maxConcurrency: 24,
    projects: [
      {
        extends: true,
        test: {
          name: "all",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        extends: true,
        test: { name: "node-transport", include: clientSuites, exclude: fetchOnly, env: { ECGRID_TEST_TRANSPORT: "node" } },
      },
    ],
  },
});
