import { type Kysely, sql } from "kysely";

// Sign in with Apple and Google linked to accounts. The provider's subject is the key, so an
// identity belongs to one account; (account, provider) is unique, so an account links one of each.
// Only the subject is kept: no email, no name.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE identities (
      provider VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      subject VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      account_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      linked_at DATETIME(3) NOT NULL,
      PRIMARY KEY (provider, subject),
      UNIQUE KEY identities_account (account_id, provider)
    )`.execute(db);
}
