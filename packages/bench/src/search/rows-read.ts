// Rows read, counted by MariaDB: the statements a request sent (captured on their way to the
// simulator) are replayed on a direct connection, and the session's handler reads (index entries
// and rows, `Handler_read_%`) are taken before and after each one.
import type { Connection } from "mysql2";
import { query } from "@gogh/local/mysql";
import { captureQueries } from "../load";

async function handlerReads(connection: Connection): Promise<number> {
  const rows = (await query(connection, "SHOW SESSION STATUS LIKE 'Handler_read%'")) as { Value: string }[];
  return rows.reduce((sum, row) => sum + Number(row.Value), 0);
}

/** Rows MariaDB read to run `statements`, one after the other, on `connection`. */
export async function rowsReadBy(connection: Connection, statements: string[]): Promise<number> {
  let total = 0;
  for (const statement of statements) {
    const before = await handlerReads(connection);
    await query(connection, statement);
    total += (await handlerReads(connection)) - before;
  }
  return total;
}

/** Runs `work` once, then replays the SQL it sent to count the rows it read. */
export async function measureWork<T>(
  connection: Connection,
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[]; rowsRead: number }> {
  let result: T | undefined;
  const statements = await captureQueries(async () => {
    result = await work();
  });
  return { result: result as T, statements, rowsRead: await rowsReadBy(connection, statements) };
}
