import { sql } from "kysely";
import { databaseUrl } from "../config";
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
 * Every application table's content checksum: equal before and after proves nothing was
 * inserted, updated or deleted (rowCounts only sees inserts and deletes). `rate_limits` is left
 * out: a limit counts attempts, the failed ones too, before the work they limit.
 */
export async function databaseState(): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = DATABASE() AND table_name NOT LIKE 'kysely%' AND table_name <> 'rate_limits'
    ORDER BY table_name`.execute(db());
  const sums = await sql<{ Table: string; Checksum: string | null }>`CHECKSUM TABLE ${sql.join(
    tables.rows.map(({ name }) => sql.table(name)),
  )}`.execute(db());
  return Object.fromEntries(sums.rows.map((row) => [row.Table.split(".").pop()!, String(row.Checksum)]));
}

export type DatabaseFault = "none" | "unavailable" | "hang" | "drop-connection";

async function control(action: string, body?: unknown): Promise<Response> {
  const url = new URL(databaseUrl());
  const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString(
    "base64",
  );
  const response = await fetch(`${url.protocol}//${url.host}/_local/${action}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`local PlanetScale ${action}: ${response.status}`);
  return response;
}

/** Drives the test file's PlanetScale simulator, so tests can see what an outage does to a use case or route. */
export const localDatabase = {
  /**
   * Execute calls answer UNAVAILABLE, hang until the client gives up (or the fault is cleared),
   * or lose their connection: after `after` calls pass, for `calls` calls (all, until cleared, when absent).
   */
  fault: async (fault: DatabaseFault, options: { after?: number; calls?: number } = {}) => {
    await control("fault", { fault, ...options });
  },
  /** Calls struck by a fault, and hung calls whose client gave up. */
  stats: async () =>
    (await control("stats")).json() as Promise<{ executes: number; faulted: number; abandoned: number }>,
};

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
