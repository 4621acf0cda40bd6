import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // Prism answers in milliseconds; a test that waits longer is hung, not slow.
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
