import { sql } from "kysely";
import type { Executor } from "../db";
import { reported, reportedValue, unreported } from "../db/reported";

/**
 * Counts one request in the bucket's current window, unless the window already holds `max`: one
 * upsert, atomic under any concurrency, that opens the bucket with its first request and starts a
 * bucket still in an older window again at 1. True when the request was counted.
 */
export async function take(db: Executor, bucket: string, windowStart: Date, max: number): Promise<boolean> {
  // Each counting branch reports the new count; a full window leaves the row as it was and takes
  // back what the inserted row's value reported. `count` is assigned before `window_start`, so it
  // compares with the window the row was in.
  const result = await db
    .insertInto("rate_limits")
    .values({ bucket, window_start: windowStart, count: reported(sql`1`) })
    .onDuplicateKeyUpdate({
      count: sql<number>`IF(window_start = ${windowStart},
        IF(count < ${max}, ${reported(sql`count + 1`)}, ${unreported(sql`count`)}), ${reported(sql`1`)})`,
      window_start: windowStart,
    })
    .executeTakeFirst();
  return wasCounted(result.numInsertedOrUpdatedRows, reportedValue(result.insertId));
}

/**
 * Reads the upsert's outcome from its affected rows (1 opened, 2 counted, 0 full — or 1 full where
 * the connection asks for found rows) and the count it reported. Should a proxy ever drop the
 * reported count, a window's first request is refused once rather than every full window let through.
 */
export function wasCounted(affectedRows: bigint | undefined, reportedCount: number | undefined): boolean {
  if (affectedRows === 2n) return true;
  if (affectedRows === 0n) return false;
  return reportedCount !== undefined;
}
