import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "infra/**/*.test.ts"],
    // Checks MySQL once and drops any database this run left behind.
    globalSetup: ["packages/local/src/test/global-setup.ts"],
    // Each test file gets its own database and PlanetScale simulator, so files never see each other's rows;
    // and a test fails if any response its requests got is not what openapi.json declares.
    setupFiles: ["packages/local/src/test/database.ts", "packages/functions/test/contract-setup.ts"],
    // The files mostly wait on MariaDB, the simulators and child processes, so more of them run at
    // once than there are cores (Vitest's default is one fewer: a single file at a time on 2 cores).
    maxWorkers: Math.max(3, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // route() checks each success body against the route's zod schema; load.ts checks every response
    // (status, error code, headers, body) against openapi.json.
    env: { GOGH_CHECK_RESPONSES: "1" },
  },
});
