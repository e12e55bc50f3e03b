import type { TestProject } from "vitest/node";
import { assertReachable, dropDatabasesWithPrefix, mysqlTarget } from "../mysql";

export async function setup(project: TestProject) {
  const target = mysqlTarget();
  await assertReachable(target);
  const prefix = `gogh_t${Date.now().toString(36)}_`;
  project.provide("databasePrefix", prefix);
  return async () => {
    await dropDatabasesWithPrefix(target, prefix);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databasePrefix: string;
  }
}
