import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Lifetime minutes beside the streak, so unlock conditions read one row instead of every day.
  // Expand step: a default keeps the change online; the backfill below fills existing rows.
  await sql`ALTER TABLE focus_streaks ADD COLUMN total_minutes BIGINT NOT NULL DEFAULT 0`.execute(db);
  await sql`
    UPDATE focus_streaks
    SET total_minutes = (SELECT COALESCE(SUM(minutes), 0) FROM focus_days WHERE focus_days.user_id = focus_streaks.user_id)`.execute(
    db,
  );
}
