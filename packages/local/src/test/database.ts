import { randomBytes } from "node:crypto";
import { db } from "@gogh/core/db";
import { seed } from "@gogh/core/seed";
import { logSink } from "@gogh/core/log";
import { afterAll, inject } from "vitest";
import { startStack } from "../stack";

// Request log lines are for CloudWatch, not the test output; call() reads them when a test asks.
logSink.write = () => {};

// Top-level await: the stack is up (and SST_RESOURCE_* set) before the test file is imported.
const stack = await startStack({
  database: `${inject("databasePrefix")}${randomBytes(4).toString("hex")}`,
  fresh: true,
});

// Master data, as `pnpm db:seed` loads it.
await seed(db());

afterAll(async () => {
  await stack.close({ dropDatabase: true });
});
