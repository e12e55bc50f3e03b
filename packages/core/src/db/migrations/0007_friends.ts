import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Two rows per friendship, one per side, so that "my friends" is one primary-key range.
  await sql`
    CREATE TABLE friendships (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      other_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (user_id, other_id)
    )`.execute(db);

  // A pending request only; accepting, declining or cancelling deletes it. The pair (lower id,
  // higher id) is unique, so two people cannot have two requests at once, in either direction.
  await sql`
    CREATE TABLE friend_requests (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      from_user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      to_user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      pair_low CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      pair_high CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY friend_requests_pair (pair_low, pair_high),
      KEY friend_requests_to (to_user_id, id),
      KEY friend_requests_from (from_user_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE blocks (
      blocker_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      blocked_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (blocker_id, blocked_id),
      KEY blocks_blocked (blocked_id, blocker_id)
    )`.execute(db);
}
