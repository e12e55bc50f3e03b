import { sql } from "kysely";
import type { Executor } from "../db";

/** Marks keys of a topic as changed now: one statement, whatever the number of keys. */
export async function upsertInvalidations(db: Executor, topic: string, keys: string[], at: Date): Promise<void> {
  await db
    .insertInto("cache_invalidations")
    .values(keys.map((key) => ({ topic, cache_key: key, changed_at: at })))
    // VALUES(column) is the row being inserted; it works on MySQL 8 and MariaDB alike.
    .onDuplicateKeyUpdate({ changed_at: sql`VALUES(changed_at)` })
    .execute();
}

/** Changes made after `since`, oldest first, at most `limit` (on the changed_at index). */
export async function changedSince(db: Executor, since: Date, limit: number) {
  return db
    .selectFrom("cache_invalidations")
    .select(["topic", "cache_key", "changed_at"])
    .where("changed_at", ">", since)
    .orderBy("changed_at")
    .limit(limit)
    .execute();
}
