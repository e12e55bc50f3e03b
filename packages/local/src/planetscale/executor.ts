// Execute: one SQL statement from the driver, run on the right MySQL connection for its session
// (a pinned one inside a transaction, any pooled one otherwise), answered the way PlanetScale does.
import { performance } from "node:perf_hooks";
import { refusalFor } from "@gogh/core/db/refusals";
import type { Connection, FieldPacket, QueryError, ResultSetHeader } from "mysql2";
import { tabletError, sqlError, gatewayError, goDuration, type ErrorContext, type VitessError } from "./errors";
import { vitessFields, type VitessField } from "./fields";
import type { ConnectionPool } from "./pool";
import { encodeRows, type VitessRow } from "./rows";
import { InvalidSession, type EchoedSession, type SessionJson, type SessionState, type SessionStore } from "./sessions";
import { classify, type Statement } from "./statements";

export interface ExecutorSettings {
  database: string;
  username: string;
  maxRows: number;
  transactionTimeoutMs: number;
}

export interface SimulatorStats {
  executes: number;
  transactions: number;
  refused: number;
}

export interface VitessResult {
  fields?: VitessField[];
  rows?: VitessRow[];
  rowsAffected?: string;
  insertId?: string;
}

export interface ExecuteResponse {
  session: SessionJson;
  result?: VitessResult;
  error?: VitessError;
  /** Seconds spent, as PlanetScale reports it. */
  timing: number;
}

/** The MySQL server cannot be reached: answered with HTTP 503, as an outage would be. */
export class DatabaseUnavailable extends Error {}

interface QueryOutcome {
  fields?: FieldPacket[];
  rows?: (Buffer | null)[][];
  header?: ResultSetHeader;
}

function run(connection: Connection, sql: string): Promise<QueryOutcome> {
  return new Promise((resolve, reject) => {
    connection.query(
      { sql, rowsAsArray: true, typeCast: false },
      (error: QueryError | null, result: unknown, fields: unknown) => {
        if (error) return reject(error);
        if (!Array.isArray(result)) return resolve({ header: result as ResultSetHeader });
        // A statement that returns several result sets (CALL) answers with the first, as Vitess does.
        if (Array.isArray(fields) && Array.isArray(fields[0])) {
          return resolve({ rows: result[0] as (Buffer | null)[][], fields: fields[0] as FieldPacket[] });
        }
        resolve({ rows: result as (Buffer | null)[][], fields: (fields as FieldPacket[] | undefined) ?? [] });
      },
    );
  });
}

function isSqlError(error: unknown): error is QueryError & { sqlMessage?: string } {
  return (
    typeof (error as QueryError | undefined)?.sqlState === "string" && typeof (error as QueryError).errno === "number"
  );
}

function isFatal(error: unknown): boolean {
  return Boolean((error as QueryError | undefined)?.fatal) || !isSqlError(error);
}

const emptyResult: VitessResult = {};

export class Executor {
  readonly stats: SimulatorStats = { executes: 0, transactions: 0, refused: 0 };

  constructor(
    private readonly pool: ConnectionPool,
    private readonly sessions: SessionStore,
    private readonly settings: ExecutorSettings,
    /** Kills a MySQL connection from outside (KILL), as Vitess' transaction killer does. */
    private readonly kill: (connection: Connection) => Promise<void>,
  ) {}

  async execute(body: { query?: unknown; session?: unknown } | undefined): Promise<ExecuteResponse> {
    const started = performance.now();
    this.stats.executes++;
    const sql = typeof body?.query === "string" ? body.query : "";
    const context: ErrorContext = { database: this.settings.database, user: this.settings.username, sql };

    let echoed: EchoedSession | undefined;
    try {
      echoed = this.sessions.parse(body?.session);
    } catch (error) {
      if (!(error instanceof InvalidSession)) throw error;
      const uuid = this.sessions.newUuid();
      const invalid: VitessError = {
        code: "INVALID_ARGUMENT",
        message: `${error.message}: the session was not issued by this server`,
      };
      return this.#respond(started, uuid, undefined, { error: invalid });
    }
    const uuid = echoed?.uuid ?? this.sessions.newUuid();
    const state = this.sessions.get(uuid);

    const statement = classify(sql);
    const refusal = refusalFor(sql, statement.verb);
    if (refusal) {
      this.stats.refused++;
      return this.#respond(started, uuid, state, { error: gatewayError(context, refusal.code, refusal) });
    }

    switch (statement.kind) {
      case "begin":
        return this.#begin(started, uuid, state, sql, context);
      case "commit":
      case "rollback":
        return this.#end(started, uuid, echoed, state, sql, statement, context);
      case "set-transaction":
        if (!state?.connection && !state?.abortedBecause && !echoed?.inTransaction) {
          // MySQL applies it to the session's next transaction; the pooled connection that will
          // run that transaction is not known yet, so it is kept and replayed before BEGIN.
          const pending = this.sessions.getOrCreate(uuid);
          pending.pendingCharacteristics = sql;
          return this.#respond(started, uuid, pending, { result: emptyResult });
        }
        return this.#statement(started, uuid, echoed, state, sql, statement, context);
      default:
        return this.#statement(started, uuid, echoed, state, sql, statement, context);
    }
  }

  /** Rolls back the session's transaction, if any, and forgets the session. */
  async closeSession(session: unknown): Promise<void> {
    let echoed: EchoedSession | undefined;
    try {
      echoed = this.sessions.parse(session);
    } catch {
      return;
    }
    const state = echoed && this.sessions.get(echoed.uuid);
    if (!state) return;
    clearTimeout(state.timer);
    const connection = state.connection;
    this.sessions.delete(state.uuid);
    if (connection) await this.#finish(connection, state.dirty, "ROLLBACK");
  }

  async #statement(
    started: number,
    uuid: string,
    echoed: EchoedSession | undefined,
    state: SessionState | undefined,
    sql: string,
    statement: Statement,
    context: ErrorContext,
  ): Promise<ExecuteResponse> {
    if (state?.abortedBecause) {
      return this.#respond(started, uuid, state, { error: this.#abortedError(state, context) });
    }
    if (state?.connection) return this.#onPinned(started, uuid, state, sql, statement, context);
    if (echoed?.inTransaction) {
      return this.#respond(started, uuid, state, { error: this.#unknownTransaction(echoed, context) });
    }

    const connection = await this.#acquire();
    let outcome: QueryOutcome;
    try {
      outcome = await run(connection, sql);
    } catch (error) {
      if (isFatal(error) || statement.dirtiesConnection) this.pool.discard(connection);
      else this.pool.release(connection);
      return this.#respond(started, uuid, state, { error: this.#errorFor(error, context) });
    }
    if (statement.dirtiesConnection) this.pool.discard(connection);
    else this.pool.release(connection);
    return this.#answer(started, uuid, state, outcome, context);
  }

  async #onPinned(
    started: number,
    uuid: string,
    state: SessionState,
    sql: string,
    statement: Statement,
    context: ErrorContext,
  ): Promise<ExecuteResponse> {
    const connection = state.connection!;
    if (statement.dirtiesConnection) state.dirty = true;
    state.busy++;
    let outcome: QueryOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await run(connection, sql);
    } catch (error) {
      failure = error;
    } finally {
      state.busy--;
    }
    if (state.connection !== connection) {
      // The transaction was killed while this statement ran; its connection is ours to dispose of.
      this.pool.discard(connection);
      return this.#respond(started, uuid, state, { error: this.#abortedError(state, context) });
    }
    if (failure !== undefined || !outcome) {
      if (isFatal(failure)) {
        this.#abandon(state, "the MySQL connection was lost");
        this.pool.discard(connection);
      }
      return this.#respond(started, uuid, state, { error: this.#errorFor(failure, context) });
    }
    return this.#answer(started, uuid, state, outcome, context);
  }

  async #begin(
    started: number,
    uuid: string,
    existing: SessionState | undefined,
    sql: string,
    context: ErrorContext,
  ): Promise<ExecuteResponse> {
    const state = existing ?? this.sessions.getOrCreate(uuid);
    state.abortedBecause = undefined;
    state.abortedTransactionId = undefined;

    if (state.connection) {
      // MySQL commits the open transaction implicitly and starts the next on the same connection.
      clearTimeout(state.timer);
      const response = await this.#onPinned(started, uuid, state, sql, classify(sql), context);
      if (state.connection) this.#startTransaction(state, state.connection);
      return this.#respond(started, uuid, state, response.error ? { error: response.error } : { result: emptyResult });
    }

    const connection = await this.#acquire();
    const characteristics = state.pendingCharacteristics;
    state.pendingCharacteristics = undefined;
    try {
      if (characteristics) await run(connection, characteristics);
      await run(connection, sql);
    } catch (error) {
      if (isFatal(error)) this.pool.discard(connection);
      else await this.#finish(connection, false, "ROLLBACK");
      this.sessions.settle(state);
      return this.#respond(started, uuid, state, {
        error: this.#errorFor(error, { ...context, sql: characteristics ?? sql }),
      });
    }
    state.dirty = false;
    this.#startTransaction(state, connection);
    return this.#respond(started, uuid, state, { result: emptyResult });
  }

  #startTransaction(state: SessionState, connection: Connection): void {
    state.connection = connection;
    state.transactionId = this.sessions.nextTransactionId();
    state.timer = setTimeout(() => this.#expire(state, connection), this.settings.transactionTimeoutMs);
    state.timer.unref();
    this.stats.transactions++;
  }

  async #end(
    started: number,
    uuid: string,
    echoed: EchoedSession | undefined,
    state: SessionState | undefined,
    sql: string,
    statement: Statement,
    context: ErrorContext,
  ): Promise<ExecuteResponse> {
    if (state?.abortedBecause) {
      const error = this.#abortedError(state, context);
      state.abortedBecause = undefined;
      state.abortedTransactionId = undefined;
      this.sessions.settle(state);
      // A ROLLBACK after the transaction was killed has nothing left to undo; a COMMIT must fail.
      return this.#respond(started, uuid, state, statement.kind === "rollback" ? { result: emptyResult } : { error });
    }
    if (!state?.connection) {
      if (echoed?.inTransaction && statement.kind === "commit") {
        return this.#respond(started, uuid, state, { error: this.#unknownTransaction(echoed, context) });
      }
      // Vitess answers COMMIT/ROLLBACK outside a transaction without touching MySQL.
      return this.#respond(started, uuid, state, { result: emptyResult });
    }

    const connection = state.connection;
    clearTimeout(state.timer);
    state.busy++;
    let failure: unknown;
    try {
      await run(connection, sql);
    } catch (error) {
      failure = error;
    } finally {
      state.busy--;
    }
    if (state.connection !== connection) {
      // The transaction was killed while COMMIT/ROLLBACK ran; its connection is ours to dispose of.
      this.pool.discard(connection);
      const error = this.#abortedError(state, context);
      state.abortedBecause = undefined;
      this.sessions.settle(state);
      return this.#respond(started, uuid, state, { error });
    }

    const dirty = state.dirty || statement.dirtiesConnection;
    state.connection = undefined;
    state.transactionId = undefined;
    state.timer = undefined;
    state.dirty = false;
    this.sessions.settle(state);
    if (failure === undefined) {
      if (dirty) this.pool.discard(connection);
      else this.pool.release(connection);
      return this.#respond(started, uuid, state, { result: emptyResult });
    }
    if (isFatal(failure)) this.pool.discard(connection);
    else await this.#finish(connection, dirty, "ROLLBACK");
    return this.#respond(started, uuid, state, { error: this.#errorFor(failure, context) });
  }

  /** Vitess' transaction killer: a transaction open too long is rolled back under the client. */
  #expire(state: SessionState, connection: Connection): void {
    if (state.connection !== connection) return;
    const { dirty } = this.#abandon(state, `exceeded timeout: ${goDuration(this.settings.transactionTimeoutMs)}`);
    if (state.busy > 0) {
      // A statement is running: kill the MySQL connection under it, which rolls back the
      // transaction; the request waiting on that statement disposes of the connection.
      void this.kill(connection);
    } else {
      void this.#finish(connection, dirty, "ROLLBACK");
    }
  }

  /** Detaches the session from its transaction and remembers why, for the client's next request. */
  #abandon(state: SessionState, reason: string): { connection?: Connection; dirty: boolean } {
    clearTimeout(state.timer);
    const detached = { connection: state.connection, dirty: state.dirty };
    state.abortedBecause = `ended at ${new Date().toISOString().replace("T", " ").replace("Z", "")} UTC (${reason})`;
    state.abortedTransactionId = state.transactionId;
    state.connection = undefined;
    state.transactionId = undefined;
    state.timer = undefined;
    state.dirty = false;
    return detached;
  }

  /** Ends whatever transaction is open on a connection and returns it to the pool (or drops it). */
  async #finish(connection: Connection, dirty: boolean, statement: "ROLLBACK"): Promise<void> {
    if (this.pool.isBroken(connection)) {
      this.pool.discard(connection);
      return;
    }
    try {
      await run(connection, statement);
      if (dirty) this.pool.discard(connection);
      else this.pool.release(connection);
    } catch {
      this.pool.discard(connection);
    }
  }

  async #acquire(): Promise<Connection> {
    try {
      return await this.pool.acquire();
    } catch (error) {
      throw new DatabaseUnavailable(
        `The MySQL server behind the simulator is unavailable: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  #answer(
    started: number,
    uuid: string,
    state: SessionState | undefined,
    outcome: QueryOutcome,
    context: ErrorContext,
  ): ExecuteResponse {
    if (outcome.rows) {
      if (outcome.rows.length > this.settings.maxRows) {
        return this.#respond(started, uuid, state, {
          error: tabletError(context, "ABORTED", `Row count exceeded ${this.settings.maxRows}`),
        });
      }
      const result: VitessResult = {};
      if (outcome.fields && outcome.fields.length > 0) result.fields = vitessFields(outcome.fields);
      if (outcome.rows.length > 0) result.rows = encodeRows(outcome.rows);
      return this.#respond(started, uuid, state, { result }, outcome.rows.length);
    }
    const result: VitessResult = {};
    const affected = String(outcome.header?.affectedRows ?? 0);
    const insertId = String(outcome.header?.insertId ?? 0);
    if (affected !== "0") result.rowsAffected = affected;
    if (insertId !== "0") result.insertId = insertId;
    return this.#respond(started, uuid, state, { result });
  }

  #respond(
    started: number,
    uuid: string,
    state: SessionState | undefined,
    outcome: { result?: VitessResult; error?: VitessError },
    rowCount?: number,
  ): ExecuteResponse {
    const session = this.sessions.toJson(uuid, state, {
      rowsAffected: outcome.result?.rowsAffected,
      insertId: outcome.result?.insertId,
      rowCount,
    });
    const timing = (performance.now() - started) / 1000;
    return outcome.error ? { session, error: outcome.error, timing } : { session, result: outcome.result, timing };
  }

  #errorFor(error: unknown, context: ErrorContext): VitessError {
    if (isSqlError(error)) {
      return sqlError(context, {
        errno: error.errno!,
        sqlState: error.sqlState!,
        message: error.sqlMessage ?? error.message,
      });
    }
    return tabletError(context, "UNAVAILABLE", `MySQL connection error: ${(error as Error)?.message ?? String(error)}`);
  }

  #abortedError(state: SessionState, context: ErrorContext): VitessError {
    return tabletError(
      context,
      "ABORTED",
      `transaction ${state.abortedTransactionId ?? "unknown"}: ${state.abortedBecause}`,
    );
  }

  #unknownTransaction(echoed: EchoedSession, context: ErrorContext): VitessError {
    return tabletError(
      context,
      "ABORTED",
      `transaction ${echoed.transactionId ?? "unknown"}: not found (this server has no open transaction for the session; ` +
        "it was rolled back or the simulator restarted)",
    );
  }
}
