import { sql } from "kysely";
import { db } from "./index";

/** Row count of every application table: tests compare it before and after to prove nothing was written. */
export async function rowCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = DATABASE() AND table_name NOT LIKE 'kysely%'`.execute(db());
  const counts = await sql<{ name: string; count: string }>`${sql.join(
    tables.rows.map(({ name }) => sql`SELECT ${name} AS name, COUNT(*) AS count FROM ${sql.table(name)}`),
    sql` UNION ALL `,
  )}`.execute(db());
  return Object.fromEntries(counts.rows.map(({ name, count }) => [name, Number(count)]));
}
