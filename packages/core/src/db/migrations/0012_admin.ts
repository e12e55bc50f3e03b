import { type Kysely, sql } from "kysely";

// The admin console: operators, their server-side sessions, login throttling and the audit log.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Email is stored lower-cased; the password hash is scrypt in a self-describing string.
  await sql`
    CREATE TABLE admin_operators (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      email VARCHAR(254) NOT NULL,
      name VARCHAR(100) NOT NULL,
      role VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      password_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'active',
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY admin_operators_email (email)
    )`.execute(db);

  // Only a hash of the cookie's token is kept, so a copy of this table opens no session.
  await sql`
    CREATE TABLE admin_sessions (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      token_hash CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      operator_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      ip VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      last_seen_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      revoked_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY admin_sessions_token (token_hash),
      KEY admin_sessions_operator (operator_id, id)
    )`.execute(db);

  // Failed logins per key ("account:<email>", "ip:<address>") in the current window.
  await sql`
    CREATE TABLE admin_login_throttle (
      throttle_key VARCHAR(300) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      failures INT UNSIGNED NOT NULL,
      window_started_at DATETIME(3) NOT NULL,
      locked_until DATETIME(3) NULL,
      PRIMARY KEY (throttle_key)
    )`.execute(db);

  // Append-only: the code has no query that updates or deletes a row of it.
  await sql`
    CREATE TABLE admin_audit_log (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      operator_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      operator_email VARCHAR(254) NOT NULL,
      action VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      target_type VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      target_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      before_json JSON NULL,
      after_json JSON NULL,
      ip VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY admin_audit_operator (operator_id, id),
      KEY admin_audit_action (action, id),
      KEY admin_audit_target (target_id, id)
    )`.execute(db);
}
