import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // running_user_id is the owner's id while the session runs and NULL after, so the unique key
  // allows one running session per person however requests race.
  await sql`
    CREATE TABLE focus_sessions (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      mode VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      planned_minutes SMALLINT NULL,
      tag VARCHAR(24) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
      status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      running_user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NULL,
      started_at DATETIME(3) NOT NULL,
      ended_at DATETIME(3) NULL,
      focused_minutes SMALLINT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY focus_sessions_running (running_user_id),
      KEY focus_sessions_user (user_id, id)
    )`.execute(db);

  // Aggregates by the owner's local day, written in the transaction that finishes a session:
  // statistics read these and never scan sessions.
  await sql`
    CREATE TABLE focus_days (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      day DATE NOT NULL,
      minutes INT NOT NULL,
      sessions INT NOT NULL,
      PRIMARY KEY (user_id, day)
    )`.execute(db);

  await sql`
    CREATE TABLE focus_tag_days (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      day DATE NOT NULL,
      tag VARCHAR(24) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      minutes INT NOT NULL,
      PRIMARY KEY (user_id, day, tag)
    )`.execute(db);

  // The running streak, kept as it grows so that the longest one never needs the whole history.
  await sql`
    CREATE TABLE focus_streaks (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      last_day DATE NOT NULL,
      current_days INT NOT NULL,
      longest_days INT NOT NULL,
      PRIMARY KEY (user_id)
    )`.execute(db);
}
