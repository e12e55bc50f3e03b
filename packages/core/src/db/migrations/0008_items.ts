import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Master data, small (thousands of rows at most) and read whole into the cache.
  await sql`
    CREATE TABLE items (
      id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      kind VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      category VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      name JSON NOT NULL,
      price INT NULL,
      rarity VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      starter TINYINT NOT NULL DEFAULT 0,
      available_from DATETIME(3) NULL,
      available_until DATETIME(3) NULL,
      unlock_conditions JSON NOT NULL,
      sort_order INT NOT NULL DEFAULT 0,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id)
    )`.execute(db);

  // The primary key makes owning twice impossible, whichever way (purchase, unlock, grant) races.
  await sql`
    CREATE TABLE inventory_items (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      item_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      kind VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      source VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      acquired_at DATETIME(3) NOT NULL,
      PRIMARY KEY (user_id, item_id),
      KEY inventory_items_kind (user_id, kind, item_id)
    )`.execute(db);

  // (user_id, idempotency_key) is unique: the first purchase with a key claims it, retries replay it.
  await sql`
    CREATE TABLE item_purchases (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      idempotency_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      item_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      price INT NOT NULL,
      balance_after BIGINT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY item_purchases_key (user_id, idempotency_key),
      KEY item_purchases_user (user_id, id)
    )`.execute(db);
}
