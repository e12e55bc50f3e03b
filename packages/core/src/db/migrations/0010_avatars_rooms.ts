import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // The current version of each person's avatar document; the document itself is on S3 under
  // `document_key` (immutable, one object per version). Version 0 never exists: it means "none yet".
  await sql`
    CREATE TABLE avatars (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      version INT NOT NULL,
      document_key VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      document_bytes INT NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (user_id)
    )`.execute(db);

  // Rooms: several per person; (user_id, id) lists one person's rooms, whoever asks.
  await sql`
    CREATE TABLE rooms (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      name VARCHAR(40) NOT NULL,
      visibility VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      version INT NOT NULL,
      document_key VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      document_bytes INT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      KEY rooms_user (user_id, id)
    )`.execute(db);

  // Expand only: the card points at the current avatar document; null until the first save.
  await sql`ALTER TABLE profiles ADD COLUMN avatar_key VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NULL`.execute(
    db,
  );
}
