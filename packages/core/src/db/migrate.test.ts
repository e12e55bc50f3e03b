import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { databaseUrl } from "../config";
import { db } from "./index";
import { migrateToLatest } from "./migrate";
import { migrations } from "./migrations";

// The test setup has already migrated this file's database through the simulator.
describe("migrateToLatest", () => {
  it("has applied every migration, in order", async () => {
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db());
    expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(migrations).sort());
  });

  it("does nothing the second time, even when several runs race", async () => {
    const outcomes = await Promise.all([
      migrateToLatest(databaseUrl()),
      migrateToLatest(databaseUrl()),
      migrateToLatest(databaseUrl()),
    ]);
    expect(outcomes.map((outcome) => outcome.results)).toEqual([[], [], []]);
  });

  it("takes over a lock that a crashed run left behind", async () => {
    const longAgo = Math.floor(Date.now() / 1000) - 3600;
    await sql`UPDATE kysely_migration_lock SET is_locked = ${longAgo}`.execute(db());
    await expect(migrateToLatest(databaseUrl())).resolves.toMatchObject({ results: [] });
    const lock = await sql<{ is_locked: number }>`SELECT is_locked FROM kysely_migration_lock`.execute(db());
    expect(lock.rows).toEqual([{ is_locked: 0 }]);
  });
});
