import { type Kysely, sql } from "kysely";

/**
 * Rows one backfill statement touches at most: far under PlanetScale's 100,000 per statement
 * (which refuses the statement whole), and small enough that each holds its row locks briefly.
 */
export const backfillBatch = 10_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Lifetime minutes beside the streak, so unlock conditions read one row instead of every day.
  // Expand step: a default keeps the change online; the backfill below fills existing rows.
  await sql`ALTER TABLE focus_streaks ADD COLUMN total_minutes BIGINT NOT NULL DEFAULT 0`.execute(db);

  // The backfill walks the primary key in ranges of at most backfillBatch people: each range's
  // upper end is read first (one row), then only that range is updated.
  let after = "";
  for (;;) {
    const { rows } = await sql<{ last: string | null }>`
      SELECT MAX(user_id) AS last FROM (
        SELECT user_id FROM focus_streaks WHERE user_id > ${after} ORDER BY user_id LIMIT ${backfillBatch}
      ) AS batch`.execute(db);
    const last = rows[0]?.last;
    if (!last) return;
    await sql`
      UPDATE focus_streaks
      SET total_minutes = (SELECT COALESCE(SUM(minutes), 0) FROM focus_days WHERE focus_days.user_id = focus_streaks.user_id)
      WHERE user_id > ${after} AND user_id <= ${last}`.execute(db);
    after = last;
  }
}
