import { type Kysely, sql } from "kysely";
import { backfillSearchSuffixes } from "./0017_profile_search_suffixes";

// Name search reads the suffix index (0017) and nothing reads or writes the bigram index any more.
// Before it goes, the suffix backfill runs again (INSERT IGNORE, 1,000 people a statement, so it
// only adds what is missing): someone the release before 0017 renamed while 0017 deployed has
// suffix rows of the old name only, and from here on no one is found by a name without its rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await backfillSearchSuffixes(db);
  await sql`DROP TABLE IF EXISTS profile_search_grams`.execute(db);
}
