import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "infra/**/*.test.ts"],
    // Checks MySQL once and drops any database this run left behind.
    globalSetup: ["packages/local/src/test/global-setup.ts"],
    // Each test file gets its own database and PlanetScale simulator, so files never see each other's rows.
    setupFiles: ["packages/local/src/test/database.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { GOGH_CHECK_RESPONSES: "1" },
  },
});
