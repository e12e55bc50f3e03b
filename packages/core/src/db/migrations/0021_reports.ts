import { type Kysely, sql } from "kysely";

// Reports of people, stickers and rooms, and the moderation queue: one row per reported target
// with its open count, ordered by its oldest open report. A reporter has at most one open report
// of a target (open_key is 1 while open, NULL after, and NULLs never clash in a unique key).
// Rooms gain hidden_at, set when moderators hide one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reports (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      reporter_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      target_type VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      target_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      owner_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      reason VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      note VARCHAR(500) NULL,
      open_key TINYINT NULL,
      status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'open',
      resolution VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
      resolved_by CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NULL,
      resolved_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY reports_open_once (reporter_id, target_type, target_id, open_key),
      KEY reports_target (target_type, target_id, status, id),
      KEY reports_owner (owner_id, status)
    )`.execute(db);

  await sql`
    CREATE TABLE report_targets (
      target_type VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      target_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      owner_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      open_reports INT UNSIGNED NOT NULL,
      first_reported_at DATETIME(3) NOT NULL,
      last_reported_at DATETIME(3) NOT NULL,
      PRIMARY KEY (target_type, target_id),
      KEY report_targets_queue (status, first_reported_at, target_type, target_id),
      KEY report_targets_owner (owner_id, status)
    )`.execute(db);

  await sql`ALTER TABLE rooms ADD COLUMN hidden_at DATETIME(3) NULL`.execute(db);
}
