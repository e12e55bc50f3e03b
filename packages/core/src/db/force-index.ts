import { type Selectable, sql } from "kysely";
import type { DB } from "./types";

/**
 * `table`, read through `index` and no other. A list paged by a cursor on its index's last column
 * (`user_id = ? AND id < ? ORDER BY id DESC`) can be served three ways, and MySQL and MariaDB
 * choose by statistics: the index's range (reads the page), a lookup on its first column, or the
 * primary key, which both read every row newer than the cursor first. For someone with a thousand
 * ledger rows, page 10 read 201 rows instead of 21. Kysely has no index hints, so the hint rides
 * in the alias, where MySQL wants it: `FROM t AS t FORCE INDEX (index)`.
 */
export function forceIndex<T extends keyof DB & string>(table: T, index: string) {
  return sql<Selectable<DB[T]>>`${sql.table(table)}`.as<T>(sql`${sql.table(table)} FORCE INDEX (${sql.id(index)})`);
}
