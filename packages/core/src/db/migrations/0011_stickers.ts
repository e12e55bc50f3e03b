import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A sticker or poster image from its upload to its removal: pending (a presigned PUT is out),
  // published (re-encoded, on the CDN), hidden (moderated off the CDN) or deleted. Deleted rows
  // stay so that the daily upload limit cannot be dodged by deleting.
  // (user_id, status, id): the owner's newest-first list and cap; (status, id): moderation.
  await sql`
    CREATE TABLE stickers (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      kind VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      upload_type VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      upload_bytes INT NOT NULL,
      published_key VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NULL,
      published_type VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
      width INT NULL,
      height INT NULL,
      hidden_reason VARCHAR(200) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY stickers_user (user_id, status, id),
      KEY stickers_status (status, id)
    )`.execute(db);

  // One row per uploader: locked while an upload is granted, so caps hold under concurrency.
  await sql`
    CREATE TABLE sticker_quotas (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      day DATE NOT NULL,
      uploads_on_day INT NOT NULL,
      PRIMARY KEY (user_id)
    )`.execute(db);
}
