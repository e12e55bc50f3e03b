import { type Kysely, sql } from "kysely";

// Presence leaves the cache for the database, where a heartbeat is one primary-key write that
// costs nothing per call (PlanetScale bills by cluster size) and survives Momento being down.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per person who ever sat in a space or focused. A seat is live while seat_until is
  // ahead; focus_until says how long "focusing" shows. The (space_id, seat_until) index reads a
  // space's live members as one range, however many people sat there before.
  await sql`
    CREATE TABLE presence (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      space_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NULL,
      seat_until DATETIME(3) NULL,
      beats INT UNSIGNED NOT NULL DEFAULT 0,
      focus_until DATETIME(3) NULL,
      focus_ends_at DATETIME(3) NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (user_id),
      KEY presence_seats (space_id, seat_until)
    )`.execute(db);

  // What changed, so that every Lambda can forget its in-memory copy (cache/memo.ts).
  await sql`
    CREATE TABLE cache_invalidations (
      topic VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      cache_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      changed_at DATETIME(3) NOT NULL,
      PRIMARY KEY (topic, cache_key),
      KEY cache_invalidations_changed (changed_at)
    )`.execute(db);
}
