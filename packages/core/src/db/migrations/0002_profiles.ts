import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // search_name is the name folded for search (NFKC, lower case, katakana as hiragana);
  // binary collation so that SQL orders and compares it exactly as the code folds it.
  await sql`
    CREATE TABLE profiles (
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      friend_id CHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      name VARCHAR(100) NOT NULL,
      search_name VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      bio VARCHAR(500) NOT NULL DEFAULT '',
      time_zone VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'UTC',
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (user_id),
      UNIQUE KEY profiles_friend_id (friend_id),
      KEY profiles_search_name (search_name, user_id)
    )`.execute(db);

  // Our own bigram index for partial name search (MariaDB has no ngram parser). Rows are
  // only ever touched by primary key (a rename knows the old grams), which keeps concurrent
  // renames of neighbouring ids from deadlocking on gap locks; hence no index on user_id.
  await sql`
    CREATE TABLE profile_search_grams (
      gram VARCHAR(2) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      PRIMARY KEY (gram, user_id)
    )`.execute(db);
}
