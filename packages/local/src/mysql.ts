// The MySQL-compatible server behind the local cloud (MariaDB here): where it is, whether it
// answers, and the per-connection settings that make it behave like MySQL 8 on PlanetScale.
import { randomBytes } from "node:crypto";
import { createConnection, type Connection, type QueryError } from "mysql2";

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

const defaultTarget: MysqlTarget = { host: "127.0.0.1", port: 3306, user: "root", password: "" };

const setupHelp =
  "Install MariaDB or MySQL (`sudo apt-get install mariadb-server` / `brew install mariadb`), " +
  "start it (`sudo service mariadb start` / `brew services start mariadb`), " +
  "or set DATABASE_URL=mysql://user:pass@host:port to point at a running server.";

/** DATABASE_URL (mysql://user:pass@host:port[/ignored]) when set, else root@127.0.0.1:3306 without a password. */
export function mysqlTarget(env: NodeJS.ProcessEnv = process.env): MysqlTarget {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { ...defaultTarget };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("DATABASE_URL is not a URL; expected mysql://user:pass@host:port");
  }
  if (parsed.protocol !== "mysql:" && parsed.protocol !== "mariadb:") {
    throw new Error(
      `DATABASE_URL must start with mysql:// (got ${parsed.protocol}//); expected mysql://user:pass@host:port`,
    );
  }
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1") || defaultTarget.host,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || defaultTarget.user,
    password: decodeURIComponent(parsed.password),
  };
}

const mysql8Modes =
  "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

/**
 * Statements run on every new connection so MariaDB behaves like MySQL 8 / PlanetScale: UTC,
 * strict SQL mode, fractional seconds rounded (not truncated) into a narrower DATETIME as MySQL 8
 * does, utf8mb4 with a NO PAD collation, and PlanetScale's 900 s limit for a read. (Writes are
 * held to 30 s by the simulator, which tells reads from writes.)
 */
export const mysql8Session: string[] = [
  "SET time_zone = '+00:00'",
  `SET sql_mode = '${mysql8Modes},TIME_ROUND_FRACTIONAL'`,
  "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_520_nopad_ci",
  "SET max_statement_time = 900",
];

// MySQL 8 (when DATABASE_URL points at one) rounds fractional seconds without being asked and
// has no TIME_ROUND_FRACTIONAL; it has no max_statement_time either, and its nearest,
// max_execution_time, bounds SELECTs only.
const mysqlSqlMode = `SET sql_mode = '${mysql8Modes}'`;
const mysqlStatementLimit = "SET max_execution_time = 900000";
const unknownSystemVariable = 1193;
const wrongValueForVariable = 1231;
const unknownCollation = 1273;

/** Runs one statement on a callback-style mysql2 connection. */
export function query(connection: Connection, sql: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    connection.query(sql, (error: QueryError | null, result: unknown) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Opens a connection (optionally into a database) with `mysql8Session` applied. Values come
 * back raw when queried with `typeCast: false`; big numbers stay exact strings.
 */
export async function connectMysql(
  target: MysqlTarget,
  options: { database?: string; connectTimeoutMs?: number } = {},
): Promise<Connection> {
  const connection = createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: options.database,
    charset: "UTF8MB4_UNICODE_CI",
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    // The session runs in UTC; also spares mysql2 its local-time bookkeeping on every result.
    timezone: "Z",
    connectTimeout: options.connectTimeoutMs ?? 10_000,
  });
  // A connection that dies while idle emits "error"; without a listener that would crash the process.
  connection.on("error", () => {});
  try {
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    for (const statement of mysql8Session) {
      try {
        await query(connection, statement);
      } catch (error) {
        const errno = (error as QueryError).errno;
        if (errno === unknownSystemVariable && statement.includes("max_statement_time")) {
          await query(connection, mysqlStatementLimit);
        } else if (errno === wrongValueForVariable && statement.includes("TIME_ROUND_FRACTIONAL")) {
          await query(connection, mysqlSqlMode);
        } else if (errno === unknownCollation && statement.startsWith("SET NAMES")) {
          // MySQL 8 lacks MariaDB's unicode_520_nopad; its 0900 collations are NO PAD already.
          await query(connection, "SET NAMES utf8mb4 COLLATE utf8mb4_0900_ai_ci");
        } else {
          throw error;
        }
      }
    }
    return connection;
  } catch (error) {
    connection.destroy();
    throw error;
  }
}

/** Throws an Error that says exactly what is wrong with the MySQL server and what to do about it. */
export async function assertReachable(target: MysqlTarget): Promise<void> {
  const where = `${target.host}:${target.port}`;
  let connection: Connection | undefined;
  try {
    connection = await connectMysql(target, { connectTimeoutMs: 3_000 });
    await query(connection, "SELECT 1");
  } catch (error) {
    const { code, errno, message } = error as QueryError;
    if (code === "ECONNREFUSED") {
      throw new Error(`No MySQL/MariaDB server is listening on ${where}. ${setupHelp}`, { cause: error });
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      throw new Error(`The MySQL host "${target.host}" does not resolve. ${setupHelp}`, { cause: error });
    }
    if (code === "ETIMEDOUT") {
      throw new Error(
        `Connecting to MySQL on ${where} timed out (firewall, wrong host, or the server hangs). ${setupHelp}`,
        { cause: error },
      );
    }
    if (errno === 1045 || errno === 1698) {
      throw new Error(
        `MySQL on ${where} refused user "${target.user}" ${target.password ? "with the given password" : "without a password"}` +
          (errno === 1698 ? " (root uses unix_socket authentication on this server)" : "") +
          ". Set DATABASE_URL=mysql://user:pass@host:port with a user that may create and drop databases, " +
          "or allow passwordless root for local development " +
          "(`sudo mariadb -e \"ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('')\"`).",
        { cause: error },
      );
    }
    throw new Error(`MySQL on ${where} is not usable: ${message}. ${setupHelp}`, { cause: error });
  } finally {
    connection?.destroy();
  }
}

const safeIdentifier = /^[A-Za-z0-9_]{1,64}$/;

function quotedDatabase(name: string): string {
  if (!safeIdentifier.test(name)) {
    throw new Error(`Unsafe database name "${name}": use 1-64 letters, digits or underscores`);
  }
  return `\`${name}\``;
}

async function withConnection<T>(target: MysqlTarget, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await connectMysql(target);
  try {
    return await work(connection);
  } finally {
    connection.end(() => {});
  }
}

/** Creates the database if it does not exist, utf8mb4 with the NO PAD collation PlanetScale behaves like. */
export async function createDatabase(target: MysqlTarget, name: string): Promise<void> {
  const database = quotedDatabase(name);
  await withConnection(target, (connection) =>
    query(
      connection,
      `CREATE DATABASE IF NOT EXISTS ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_nopad_ci`,
    ),
  );
}

export async function dropDatabase(target: MysqlTarget, name: string): Promise<void> {
  const database = quotedDatabase(name);
  await withConnection(target, (connection) => query(connection, `DROP DATABASE IF EXISTS ${database}`));
}

/** Drops every database whose name starts with `prefix` (what a test run created). */
export async function dropDatabasesWithPrefix(target: MysqlTarget, prefix: string): Promise<void> {
  if (!/^[A-Za-z0-9_]{3,64}$/.test(prefix)) {
    throw new Error(`Unsafe database prefix "${prefix}": use 3-64 letters, digits or underscores`);
  }
  await withConnection(target, async (connection) => {
    const pattern = `${prefix.replace(/_/g, "\\_")}%`;
    const rows = (await query(connection, `SHOW DATABASES LIKE '${pattern}'`)) as Record<string, string>[];
    for (const row of rows) {
      const name = Object.values(row)[0];
      if (name?.startsWith(prefix)) await query(connection, `DROP DATABASE IF EXISTS ${quotedDatabase(name)}`);
    }
  });
}

/** A fresh database name such as gogh_test_m3x1k2_9f3a1c2e: safe as an identifier, unique per call. */
export function uniqueDatabaseName(prefix: string): string {
  const time = Date.now().toString(36);
  const random = randomBytes(4).toString("hex");
  const cleanPrefix = prefix.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 64 - time.length - random.length - 2) || "db";
  return `${cleanPrefix}_${time}_${random}`;
}
