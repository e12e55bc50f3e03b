// Kysely's driver over PlanetScale's HTTP driver. kysely-planetscale's own forgets a transaction
// whose COMMIT failed, which leaves it open on the server, holding its locks until PlanetScale
// kills it 20 s later; this one rolls it back, and answers every retryable failure as a 503.
import { Client, type Config, type Connection } from "@planetscale/database";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { inflateDates, PlanetScaleDialect } from "kysely-planetscale";
import { deadlines, withDeadline } from "../deadline";
import { log } from "../log";
import { unavailableFor } from "./failures";

export class PlanetScaleHttpDialect extends PlanetScaleDialect {
  readonly #client: Client;

  constructor(config: Config) {
    super(config);
    this.#client = new Client({ cast: inflateDates, ...config });
  }

  override createDriver(): Driver {
    return new PlanetScaleDriver(this.#client);
  }
}

class PlanetScaleDriver implements Driver {
  constructor(private readonly client: Client) {}

  async init(): Promise<void> {}
  async destroy(): Promise<void> {}
  async releaseConnection(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PlanetScaleConnection(this.client);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return (connection as PlanetScaleConnection).begin(settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as PlanetScaleConnection).commit();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as PlanetScaleConnection).rollback();
  }
}

class PlanetScaleConnection implements DatabaseConnection {
  /** The session of the open transaction, if any. */
  #transaction: Connection | undefined;

  constructor(private readonly client: Client) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const parameters = query.parameters.map((value) => (value instanceof Date ? mysqlDate(value) : value));
    const results = await run(() => (this.#transaction ?? this.client).execute(query.sql, parameters));
    return {
      insertId: results.insertId !== "0" ? BigInt(results.insertId) : undefined,
      rows: results.rows as R[],
      numAffectedRows: BigInt(results.rowsAffected),
    };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("The PlanetScale HTTP driver does not stream.");
  }

  async begin(settings: TransactionSettings): Promise<void> {
    const transaction = this.client.connection();
    if (settings.isolationLevel) {
      await run(() => transaction.execute(`SET TRANSACTION ISOLATION LEVEL ${settings.isolationLevel}`));
    }
    await run(() => transaction.execute("BEGIN"));
    this.#transaction = transaction;
  }

  /** On failure the transaction is kept, so that Kysely's rollback can end it on the server. */
  async commit(): Promise<void> {
    await run(() => this.#transaction!.execute("COMMIT"));
    this.#transaction = undefined;
  }

  /**
   * Gets time of its own (the request's may be spent: that is often why it rolls back); a
   * failure here is not the error to report, which Kysely rethrows after this. A ROLLBACK after
   * a COMMIT that did reach the server is harmless: there is no transaction left to undo.
   */
  async rollback(): Promise<void> {
    const transaction = this.#transaction;
    this.#transaction = undefined;
    if (!transaction) return;
    try {
      await withDeadline(deadlines.cleanupMs, () => transaction.execute("ROLLBACK"));
    } catch (error) {
      log("warn", "rollback failed; the database ends the transaction itself", {
        errorClass: error instanceof Error ? error.name : typeof error,
      });
    }
  }
}

async function run<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw unavailableFor(error) ?? error;
  }
}

/** DATETIME literal, in UTC as the database keeps it. */
function mysqlDate(date: Date): string {
  return date.toISOString().replace(/[TZ]/g, " ").trim();
}
