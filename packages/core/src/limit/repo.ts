import { sql } from "kysely";
import type { Executor } from "../db";

/**
 * Counts one request in the bucket's current window, unless the window already holds `max`:
 * one primary-key UPDATE, atomic under any concurrency. A bucket still in an older window
 * starts the new one at 1. False when the bucket is full, or has no row yet.
 */
export async function countIn(db: Executor, bucket: string, windowStart: Date, max: number): Promise<boolean> {
  // `count` is assigned before `window_start`, so it compares with the window the row was in.
  const result = await db
    .updateTable("rate_limits")
    .set({
      count: sql`IF(window_start = ${windowStart}, count + 1, 1)`,
      window_start: windowStart,
    })
    .where("bucket", "=", bucket)
    .where((eb) => eb.or([eb("window_start", "<>", windowStart), eb("count", "<", max)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Opens a bucket with its first request; false when another request opened it first. */
export async function open(db: Executor, bucket: string, windowStart: Date): Promise<boolean> {
  const result = await db
    .insertInto("rate_limits")
    .ignore()
    .values({ bucket, window_start: windowStart, count: 1 })
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}
