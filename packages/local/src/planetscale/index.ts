// A local stand-in for PlanetScale's HTTP API in front of MySQL/MariaDB: the unmodified
// @planetscale/database driver (and Kysely through kysely-planetscale) talks to it as to
// PlanetScale, and it refuses what PlanetScale refuses so local tests catch it.
import type { AddressInfo } from "node:net";
import { maxRowsPerStatement } from "@gogh/core/db/refusals";
import type { Connection } from "mysql2";
import { delayMs, delayVariables, RoundTrip } from "../latency";
import { assertReachable, connectMysql, query, type MysqlTarget } from "../mysql";
import { Executor, type SimulatorStats } from "./executor";
import { DatabaseFaults, type FaultPlan } from "./faults";
import { ConnectionPool } from "./pool";
import { createSimulatorServer } from "./server";
import { SessionStore } from "./sessions";

export interface SimulatorOptions {
  mysql: MysqlTarget;
  database: string;
  /** Defaults to "gogh". */
  username?: string;
  /** Defaults to "local-only-password"; the driver requires a non-empty one. */
  password?: string;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /**
   * More rows in one result, or touched by one single-table UPDATE/DELETE without a LIMIT, is an
   * error, as on PlanetScale. Defaults to 100_000 (maxRowsPerStatement).
   */
  maxRows?: number;
  /** A transaction open longer is rolled back and its session told so. Defaults to 20_000. */
  transactionTimeoutMs?: number;
  /** A write (INSERT, UPDATE, DELETE, REPLACE) running longer is killed. Defaults to 30_000, PlanetScale's DML timeout. */
  writeTimeoutMs?: number;
  /** MySQL connections shared by all sessions. Defaults to 10. */
  connectionLimit?: number;
  /** Each call's round trip, as from a Lambda in PlanetScale's region. Defaults to GOGH_DB_DELAY_MS, else 0. */
  latencyMs?: number;
}

export interface Simulator {
  /** http://user:pass@host:port, ready for `connect({ url })` or `new PlanetScaleDialect({ url })`. */
  url: string;
  port: number;
  stats(): SimulatorStats;
  /** Makes Execute calls fail (tests reach the same over HTTP: POST /_local/fault). */
  setFault(plan: FaultPlan): void;
  /** Changes the round-trip delay of the calls that come in from now on. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export type { SimulatorStats } from "./executor";
export type { FaultPlan } from "./faults";

async function killConnection(target: MysqlTarget, connection: Connection): Promise<void> {
  const threadId = connection.threadId;
  if (threadId === null || threadId === undefined) return;
  let killer: Connection | undefined;
  try {
    killer = await connectMysql(target, { connectTimeoutMs: 3_000 });
    await query(killer, `KILL CONNECTION ${Number(threadId)}`);
  } catch {
    // Already gone: nothing left to roll back.
  } finally {
    killer?.destroy();
  }
}

/** Checks the first pooled connection: the database exists and JSON columns are recognisable. */
async function checkFirstConnection(pool: ConnectionPool, options: SimulatorOptions): Promise<void> {
  let connection: Connection;
  try {
    connection = await pool.acquire();
  } catch (error) {
    await assertReachable(options.mysql);
    if ((error as { errno?: number }).errno === 1049) {
      throw new Error(
        `Database "${options.database}" does not exist on the MySQL server; create it first (createDatabase).`,
        { cause: error },
      );
    }
    throw error;
  }
  const json = await new Promise<{ columnType?: number; extendedFormat?: string } | undefined>((resolve, reject) => {
    connection.query({ sql: "SELECT JSON_OBJECT() AS document", rowsAsArray: true }, (error, _rows, fields) =>
      error ? reject(error) : resolve(fields?.[0]),
    );
  });
  pool.release(connection);
  if (json?.columnType !== 245 && json?.extendedFormat !== "json") {
    throw new Error(
      "The MySQL server or the mysql2 client does not mark JSON values (MariaDB needs 10.5+ and mysql2 with " +
        "MARIADB_CLIENT_EXTENDED_METADATA support), so JSON columns could not be typed JSON.",
    );
  }
}

export async function startPlanetScaleSimulator(options: SimulatorOptions): Promise<Simulator> {
  const username = options.username ?? "gogh";
  const password = options.password ?? "local-only-password";
  const host = options.host ?? "127.0.0.1";
  if (!password)
    throw new Error("The simulator needs a non-empty password: the PlanetScale driver refuses empty ones.");
  if (!username || username.includes(":")) throw new Error("The simulator needs a username without ':'.");

  const pool = new ConnectionPool(
    () => connectMysql(options.mysql, { database: options.database }),
    options.connectionLimit ?? 10,
  );
  try {
    await checkFirstConnection(pool, options);
  } catch (error) {
    await pool.close();
    throw error;
  }

  const sessions = new SessionStore(options.database, `${username}:${password}@${options.database}`);
  const executor = new Executor(
    pool,
    sessions,
    {
      database: options.database,
      username,
      maxRows: options.maxRows ?? maxRowsPerStatement,
      transactionTimeoutMs: options.transactionTimeoutMs ?? 20_000,
      writeTimeoutMs: options.writeTimeoutMs ?? 30_000,
    },
    (connection) => killConnection(options.mysql, connection),
  );
  const faults = new DatabaseFaults();
  const roundTrip = new RoundTrip(delayMs(options.latencyMs, delayVariables.databaseMs));
  const server = createSimulatorServer(executor, sessions, { username, password }, options.database, faults, roundTrip);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    sessions.close();
    await pool.close();
    throw error;
  }

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${urlHost}:${port}`,
    port,
    stats: () => ({ ...executor.stats }),
    setFault: (plan) => faults.set(plan),
    setLatency: (ms) => roundTrip.set(ms),
    close: () =>
      (closing ??= (async () => {
        faults.releaseHung(false);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        sessions.close();
        // Ending a connection with an open transaction rolls it back.
        await pool.close();
      })()),
  };
}
