import { type Kysely, sql } from "kysely";

// Deleted accounts' erasures: what content each had in storage, whether it has left, and when the
// last pass is due (once every access token issued before the deletion has expired). The
// accounts row itself stays, with status 'deleted' and only its id and times.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE account_erasures (
      account_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      requested_at DATETIME(3) NOT NULL,
      final_after DATETIME(3) NOT NULL,
      content JSON NOT NULL,
      content_removed_at DATETIME(3) NULL,
      finished_at DATETIME(3) NULL,
      PRIMARY KEY (account_id),
      KEY account_erasures_due (finished_at, final_after)
    )`.execute(db);
}
