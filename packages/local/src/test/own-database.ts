import { afterAll, beforeAll } from "vitest";
import { createDatabase, dropDatabase, mysqlTarget, uniqueDatabaseName } from "../mysql";

/**
 * A database of the test file's own, created before its tests and dropped after them, for
 * tests (of the simulator, say) that need a schema other than the app's.
 */
export function ownDatabase(prefix: string) {
  const target = mysqlTarget();
  const database = uniqueDatabaseName(prefix);
  beforeAll(() => createDatabase(target, database));
  afterAll(() => dropDatabase(target, database));
  return { target, database };
}
