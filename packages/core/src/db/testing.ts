import { sql } from "kysely";
import { db, type Executor } from "./index";

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

/**
 * Rows the database read for `work`: the index entries and rows MariaDB's handlers read
 * (`Handler_read_%`) on the one connection a transaction holds, through the simulator. Tests use
 * it to hold a query's cost to its page, whatever the table's size.
 */
export async function measureRowsRead<T>(work: (tx: Executor) => Promise<T>): Promise<{ result: T; rowsRead: number }> {
  return db()
    .transaction()
    .execute(async (tx) => {
      const before = await handlerReads(tx);
      const result = await work(tx);
      return { result, rowsRead: (await handlerReads(tx)) - before };
    });
}

async function handlerReads(tx: Executor): Promise<number> {
  const { rows } = await sql<{ Value: string }>`SHOW SESSION STATUS LIKE 'Handler_read%'`.execute(tx);
  return rows.reduce((sum, row) => sum + Number(row.Value), 0);
}
