import { type Kysely, sql } from "kysely";

// Per-person (and per-address) request limits: one row per limit and subject, counting requests
// in the current fixed window. A check is one primary-key UPDATE, so limits cost no Momento
// operation; the rows stay as many as people times limits, since a new window reuses the row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rate_limits (
      bucket VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      window_start DATETIME NOT NULL,
      count INT UNSIGNED NOT NULL,
      PRIMARY KEY (bucket)
    )`.execute(db);
}
