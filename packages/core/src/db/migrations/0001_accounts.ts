import { type Kysely, sql } from "kysely";

// Ids are application-made ULIDs (CHAR(26), ascii_bin); no AUTO_INCREMENT, no foreign keys.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE accounts (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'active',
      banned_until DATETIME(3) NULL,
      ban_reason VARCHAR(500) NULL,
      platform VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id)
    )`.execute(db);

  // One row per signed-in device: a refresh-token family that can be revoked as a whole.
  await sql`
    CREATE TABLE auth_sessions (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      account_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      platform VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
      device_label VARCHAR(64) NULL,
      created_at DATETIME(3) NOT NULL,
      last_used_at DATETIME(3) NOT NULL,
      revoked_at DATETIME(3) NULL,
      revoke_reason VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
      PRIMARY KEY (id),
      KEY auth_sessions_account (account_id)
    )`.execute(db);

  await sql`
    CREATE TABLE refresh_tokens (
      token_hash CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      session_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      account_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      issued_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      rotated_at DATETIME(3) NULL,
      PRIMARY KEY (token_hash),
      KEY refresh_tokens_session (session_id)
    )`.execute(db);
}
