import { type Kysely, sql } from "kysely";

// One row per person who ever sent, answered or blocked: a transaction that changes someone's
// friends or requests locks both people's rows first (lower id first), so the caps it counts
// after that hold however many requests race, and two people asking each other at the same
// moment take turns instead of deadlocking. Rows are made on first use.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE friend_locks (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (user_id)
    )`.execute(db);
}
