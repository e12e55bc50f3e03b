import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "infra/**/*.test.ts"],
    // Checks MySQL once and drops any database this run left behind.
    globalSetup: ["packages/local/src/test/global-setup.ts"],
    // Each test file gets its own database and PlanetScale simulator, so files never see each other's rows;
    // and a test fails if any response its requests got is not what openapi.json declares.
    setupFiles: ["packages/local/src/test/database.ts", "packages/functions/test/contract-setup.ts"],
    // Vitest's default: one file fewer at once than there are cores (one at a time on 2 cores). Three
    // at once on 2 cores halved the run but starved the files that time themselves (capacity, scrypt).
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // route() checks each success body against the route's zod schema; load.ts checks every response
    // (status, error code, headers, body) against openapi.json.
    env: { GOGH_CHECK_RESPONSES: "1" },
  },
});
