import { type Kysely, sql } from "kysely";

/**
 * People one backfill statement covers. A search name holds at most 100 characters, so at most
 * 98 suffixes: 1,000 people insert at most 98,000 rows, under PlanetScale's 100,000 per statement.
 */
export const backfillPeople = 1_000;
const longestSearchName = 100;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The partial-match index of names: each suffix of a folded name from its second character on,
  // at least two characters long (profile/name.ts `searchSuffixes`). Ordered by (suffix, user_id),
  // a partial search is one range read in the order results are shown, stopped by the page's
  // LIMIT. It replaces profile_search_grams, which nothing reads or writes from this release on
  // and a later release drops. IF NOT EXISTS and INSERT IGNORE let a run cut short start again.
  await sql`
    CREATE TABLE IF NOT EXISTS profile_search_suffixes (
      suffix VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      user_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      PRIMARY KEY (suffix, user_id)
    )`.execute(db);
  await backfillSearchSuffixes(db);
}

/**
 * Walks profiles by primary key, `backfillPeople` at a time: each batch's last id is read first
 * (one row), then that batch's suffixes are cut by SQL, which counts characters as code points
 * just as the code does.
 */
// Kysely<any>: the migration passes its own Kysely<unknown>, a test the application's.
export async function backfillSearchSuffixes(db: Kysely<any>, batch = backfillPeople): Promise<void> {
  const starts = sql.join(
    Array.from({ length: longestSearchName - 2 }, (_, index) => sql`SELECT ${sql.lit(index + 2)} AS start`),
    sql` UNION ALL `,
  );
  let after = "";
  for (;;) {
    const { rows } = await sql<{ last: string | null }>`
      SELECT MAX(user_id) AS last FROM (
        SELECT user_id FROM profiles WHERE user_id > ${after} ORDER BY user_id LIMIT ${batch}
      ) AS batch`.execute(db);
    const last = rows[0]?.last;
    if (!last) return;
    await sql`
      INSERT IGNORE INTO profile_search_suffixes (suffix, user_id)
      SELECT SUBSTRING(p.search_name, starts.start), p.user_id
      FROM profiles p JOIN (${starts}) AS starts ON starts.start < CHAR_LENGTH(p.search_name)
      WHERE p.user_id > ${after} AND p.user_id <= ${last}`.execute(db);
    after = last;
  }
}
