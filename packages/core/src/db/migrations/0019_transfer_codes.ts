import { type Kysely, sql } from "kysely";

// Transfer codes (引き継ぎ): one live code per account, kept as hashes only (SHA-256 of the code,
// scrypt of the passphrase). Redeeming deletes the row, so a code works once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE transfer_codes (
      code_hash CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      account_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      passphrase_hash VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      PRIMARY KEY (code_hash),
      UNIQUE KEY transfer_codes_account (account_id)
    )`.execute(db);
}
