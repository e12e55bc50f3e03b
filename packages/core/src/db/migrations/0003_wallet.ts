import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per person who ever held coins; the ledger is the history that explains it.
  await sql`
    CREATE TABLE wallets (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      balance BIGINT NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (user_id)
    )`.execute(db);

  // (user_id, reason, reference) is unique so that a retried credit or debit applies once;
  // (user_id, id) serves the newest-first history.
  await sql`
    CREATE TABLE wallet_ledger (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      amount BIGINT NOT NULL,
      reason VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      reference VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      balance_after BIGINT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY wallet_ledger_reference (user_id, reason, reference),
      KEY wallet_ledger_user (user_id, id)
    )`.execute(db);
}
