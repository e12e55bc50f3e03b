import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A few named settings that every route reads (through the cache): maintenance, versions, flags.
  await sql`
    CREATE TABLE app_settings (
      name VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      value JSON NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (name)
    )`.execute(db);

  // Read by "not ended yet", so ends_at is indexed; the list pages by id.
  await sql`
    CREATE TABLE notices (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      title JSON NOT NULL,
      body JSON NOT NULL,
      platforms VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      priority SMALLINT NOT NULL,
      starts_at DATETIME(3) NOT NULL,
      ends_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY notices_ends_at (ends_at)
    )`.execute(db);
}
