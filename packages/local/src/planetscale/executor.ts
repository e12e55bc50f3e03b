// Execute: one SQL statement from the driver, run on the right MySQL connection for its session
// (a pinned one inside a transaction, any pooled one otherwise), answered the way PlanetScale does.
import { performance } from "node:perf_hooks";
import { isRowLimitedWrite, refusalFor } from "@gogh/core/db/refusals";
import { tokenize } from "@gogh/core/db/sql-tokens";
import type { Connection, FieldPacket, QueryError, ResultSetHeader } from "mysql2";
import {
  tabletError,
  sqlError,
  gatewayError,
  goDuration,
  syntaxError,
  type ErrorContext,
  type VitessError,
} from "./errors";
import { vitessFields, type VitessField } from "./fields";
import type { ConnectionPool } from "./pool";
import { encodeRows, type VitessRow } from "./rows";
import { InvalidSession, type EchoedSession, type SessionJson, type SessionState, type SessionStore } from "./sessions";
import { classify, type Statement } from "./statements";
import {
  assignmentsOf,
  emptyVariables,
  keepReadBack,
  preludeFor,
  readBackSql,
  type SessionVariables,
} from "./variables";

export interface ExecutorSettings {
  database: string;
  username: string;
  maxRows: number;
  transactionTimeoutMs: number;
  /** A write (INSERT, UPDATE, DELETE, REPLACE) running longer is killed: PlanetScale's DML timeout. */
  writeTimeoutMs: number;
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

/** A statement Vitess stops itself (row limit, timeout), with the error it answers. */
class Stopped extends Error {
  constructor(
    readonly vitess: VitessError,
    /** The statement's transaction must be rolled back (vttablet does, for a DML over the row limit). */
    readonly endsTransaction: boolean,
  ) {
    super(vitess.message);
  }
}

/** One Execute request: the statement, its session, and the session variables it answers with. */
interface Call {
  started: number;
  uuid: string;
  sql: string;
  statement: Statement;
  echoed?: EchoedSession;
  state?: SessionState;
  variables: SessionVariables;
  context: ErrorContext;
}

const writeVerbs = new Set(["INSERT", "UPDATE", "DELETE", "REPLACE"]);

/** The statement with vttablet's `LIMIT max+1` appended (after its last token, so a trailing comment cannot swallow it). */
function withRowLimit(sql: string, limit: number): string {
  const tokens = tokenize(sql);
  while (tokens.at(-1)?.type === "symbol" && tokens.at(-1)!.value === ";") tokens.pop();
  return `${sql.slice(0, tokens.at(-1)?.end ?? sql.length)} LIMIT ${limit}`;
}

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

// MySQL's ER_PARSE_ERROR: PlanetScale's own parser (vtgate) answers before MySQL ever sees it.
const parseError = 1064;

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
    const statement = classify(sql);

    let echoed: EchoedSession | undefined;
    try {
      echoed = this.sessions.parse(body?.session);
    } catch (error) {
      if (!(error instanceof InvalidSession)) throw error;
      const invalid: VitessError = {
        code: "INVALID_ARGUMENT",
        message: `${error.message}: the session was not issued by this server`,
      };
      const uuid = this.sessions.newUuid();
      return this.#respond({ started, uuid, sql, statement, variables: emptyVariables(), context }, { error: invalid });
    }
    const uuid = echoed?.uuid ?? this.sessions.newUuid();
    const call: Call = {
      started,
      uuid,
      sql,
      statement,
      echoed,
      state: this.sessions.get(uuid),
      variables: echoed?.variables ?? emptyVariables(),
      context,
    };

    const refusal = refusalFor(sql, statement.verb);
    if (refusal) {
      this.stats.refused++;
      return this.#respond(call, { error: gatewayError(context, refusal.code, refusal) });
    }

    switch (statement.kind) {
      case "begin":
        return this.#begin(call);
      case "commit":
      case "rollback":
        return this.#end(call);
      case "set-transaction":
        if (!call.state?.connection && !call.state?.abortedBecause && !echoed?.inTransaction) {
          // MySQL applies it to the session's next transaction; the pooled connection that will
          // run that transaction is not known yet, so it is kept and replayed before BEGIN.
          call.state = this.sessions.getOrCreate(uuid);
          call.state.pendingCharacteristics = sql;
          return this.#respond(call, { result: emptyResult });
        }
        return this.#statement(call);
      default:
        return this.#statement(call);
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

  async #statement(call: Call): Promise<ExecuteResponse> {
    const { state, echoed } = call;
    if (state?.abortedBecause) return this.#respond(call, { error: this.#abortedError(state, call.context) });
    if (state?.connection) return this.#onPinned(call, state);
    if (echoed?.inTransaction) return this.#respond(call, { error: this.#unknownTransaction(echoed, call.context) });

    const connection = await this.#acquire();
    // The session's variables go onto this pooled connection first; it is closed afterwards
    // rather than handed, changed, to another session.
    const prelude = preludeFor(call.variables, call.sql);
    const reusable = !call.statement.dirtiesConnection && !prelude?.dirties;
    let outcome: QueryOutcome;
    try {
      if (prelude) await run(connection, prelude.sql);
      outcome = await this.#run(connection, call, false);
      await this.#keepAssignments(connection, call);
    } catch (error) {
      if (reusable && !isFatal(error)) this.pool.release(connection);
      else this.pool.discard(connection);
      return this.#respond(call, { error: this.#errorFor(error, call.context) });
    }
    if (reusable) this.pool.release(connection);
    else this.pool.discard(connection);
    return this.#answer(call, outcome);
  }

  async #onPinned(call: Call, state: SessionState): Promise<ExecuteResponse> {
    const connection = state.connection!;
    if (call.statement.dirtiesConnection) state.dirty = true;
    state.busy++;
    let outcome: QueryOutcome | undefined;
    let failure: unknown;
    try {
      const prelude = preludeFor(call.variables, call.sql, false);
      if (prelude) await run(connection, prelude.sql);
      outcome = await this.#run(connection, call, true);
      await this.#keepAssignments(connection, call);
    } catch (error) {
      failure = error;
    } finally {
      state.busy--;
    }
    if (state.connection !== connection) {
      // The transaction was killed while this statement ran; its connection is ours to dispose of.
      this.pool.discard(connection);
      return this.#respond(call, { error: this.#abortedError(state, call.context) });
    }
    if (failure !== undefined || !outcome) {
      if (failure instanceof Stopped && failure.endsTransaction) {
        const { dirty } = this.#abandon(state, "rollback");
        await this.#finish(connection, dirty, "ROLLBACK");
      } else if (isFatal(failure)) {
        this.#abandon(state, "the MySQL connection was lost");
        this.pool.discard(connection);
      }
      return this.#respond(call, { error: this.#errorFor(failure, call.context) });
    }
    return this.#answer(call, outcome);
  }

  /**
   * Runs the statement as vttablet does: a single-table UPDATE/DELETE gets `LIMIT max+1` and is
   * undone when it touched more than the maximum, and a write is killed past the DML timeout.
   */
  async #run(connection: Connection, call: Call, inTransaction: boolean): Promise<QueryOutcome> {
    const write = writeVerbs.has(call.statement.verb);
    const limited =
      (call.statement.verb === "UPDATE" || call.statement.verb === "DELETE") && isRowLimitedWrite(tokenize(call.sql));
    if (!limited) return write ? this.#timed(connection, call.sql, call.context) : run(connection, call.sql);

    const max = this.settings.maxRows;
    if (!inTransaction) await run(connection, "BEGIN");
    let outcome: QueryOutcome;
    try {
      outcome = await this.#timed(connection, withRowLimit(call.sql, max + 1), call.context);
    } catch (error) {
      if (!inTransaction) await run(connection, "ROLLBACK").catch(() => {});
      throw error;
    }
    if ((outcome.header?.affectedRows ?? 0) > max) {
      if (!inTransaction) await run(connection, "ROLLBACK");
      const exceeded = `caller id: ${this.settings.username}: row count exceeded ${max}`;
      throw new Stopped(tabletError(call.context, "ABORTED", exceeded), inTransaction);
    }
    if (!inTransaction) await run(connection, "COMMIT");
    return outcome;
  }

  /** Runs a write, killing its connection (as vttablet kills the query) past the DML timeout. */
  async #timed(connection: Connection, sql: string, context: ErrorContext): Promise<QueryOutcome> {
    const started = performance.now();
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      void this.kill(connection);
    }, this.settings.writeTimeoutMs);
    try {
      return await run(connection, sql);
    } catch (error) {
      if (!killed) throw error;
      const elapsed = `${((performance.now() - started) / 1000).toFixed(6)}s`;
      const description = `(errno 2013) due to context deadline exceeded, elapsed time: ${elapsed}, killing query ID ${connection.threadId}`;
      throw new Stopped(tabletError(context, "CANCELED", description), false);
    } finally {
      clearTimeout(timer);
    }
  }

  /** After a SET, reads back what it assigned and keeps it in the session, as vtgate does. */
  async #keepAssignments(connection: Connection, call: Call): Promise<void> {
    if (call.statement.verb !== "SET" || call.statement.kind !== "other") return;
    const assignments = assignmentsOf(call.sql);
    if (!assignments) return;
    const readBack = await run(connection, readBackSql(assignments));
    keepReadBack(call.variables, assignments, readBack.fields ?? [], readBack.rows?.[0] ?? []);
  }

  async #begin(call: Call): Promise<ExecuteResponse> {
    const state = call.state ?? this.sessions.getOrCreate(call.uuid);
    call.state = state;
    state.abortedBecause = undefined;
    state.abortedTransactionId = undefined;

    if (state.connection) {
      // MySQL commits the open transaction implicitly and starts the next on the same connection.
      clearTimeout(state.timer);
      const response = await this.#onPinned(call, state);
      if (state.connection) this.#startTransaction(state, state.connection);
      return this.#respond(call, response.error ? { error: response.error } : { result: emptyResult });
    }

    const connection = await this.#acquire();
    const characteristics = state.pendingCharacteristics;
    state.pendingCharacteristics = undefined;
    const prelude = preludeFor(call.variables, call.sql);
    let failedSql = call.sql;
    try {
      if (prelude) await run(connection, (failedSql = prelude.sql));
      if (characteristics) await run(connection, (failedSql = characteristics));
      await run(connection, (failedSql = call.sql));
    } catch (error) {
      if (isFatal(error) || prelude?.dirties) this.pool.discard(connection);
      else await this.#finish(connection, false, "ROLLBACK");
      this.sessions.settle(state);
      return this.#respond(call, { error: this.#errorFor(error, { ...call.context, sql: failedSql }) });
    }
    state.dirty = prelude?.dirties ?? false;
    this.#startTransaction(state, connection);
    return this.#respond(call, { result: emptyResult });
  }

  #startTransaction(state: SessionState, connection: Connection): void {
    state.connection = connection;
    state.transactionId = this.sessions.nextTransactionId();
    state.timer = setTimeout(() => this.#expire(state, connection), this.settings.transactionTimeoutMs);
    state.timer.unref();
    this.stats.transactions++;
  }

  async #end(call: Call): Promise<ExecuteResponse> {
    const { state, echoed, statement } = call;
    if (state?.abortedBecause) {
      const error = this.#abortedError(state, call.context);
      state.abortedBecause = undefined;
      state.abortedTransactionId = undefined;
      this.sessions.settle(state);
      // A ROLLBACK after the transaction was killed has nothing left to undo; a COMMIT must fail.
      return this.#respond(call, statement.kind === "rollback" ? { result: emptyResult } : { error });
    }
    if (!state?.connection) {
      if (echoed?.inTransaction && statement.kind === "commit") {
        return this.#respond(call, { error: this.#unknownTransaction(echoed, call.context) });
      }
      // Vitess answers COMMIT/ROLLBACK outside a transaction without touching MySQL.
      return this.#respond(call, { result: emptyResult });
    }

    const connection = state.connection;
    clearTimeout(state.timer);
    state.busy++;
    let failure: unknown;
    try {
      await run(connection, call.sql);
    } catch (error) {
      failure = error;
    } finally {
      state.busy--;
    }
    if (state.connection !== connection) {
      // The transaction was killed while COMMIT/ROLLBACK ran; its connection is ours to dispose of.
      this.pool.discard(connection);
      const error = this.#abortedError(state, call.context);
      state.abortedBecause = undefined;
      this.sessions.settle(state);
      return this.#respond(call, { error });
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
      return this.#respond(call, { result: emptyResult });
    }
    if (isFatal(failure)) this.pool.discard(connection);
    else await this.#finish(connection, dirty, "ROLLBACK");
    return this.#respond(call, { error: this.#errorFor(failure, call.context) });
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

  #answer(call: Call, outcome: QueryOutcome): ExecuteResponse {
    if (outcome.rows) {
      if (outcome.rows.length > this.settings.maxRows) {
        return this.#respond(call, {
          error: tabletError(call.context, "ABORTED", `Row count exceeded ${this.settings.maxRows}`),
        });
      }
      const result: VitessResult = {};
      if (outcome.fields && outcome.fields.length > 0) result.fields = vitessFields(outcome.fields);
      if (outcome.rows.length > 0) result.rows = encodeRows(outcome.rows);
      return this.#respond(call, { result }, outcome.rows.length);
    }
    const result: VitessResult = {};
    const affected = String(outcome.header?.affectedRows ?? 0);
    const insertId = String(outcome.header?.insertId ?? 0);
    if (affected !== "0") result.rowsAffected = affected;
    if (insertId !== "0") {
      result.insertId = insertId;
      // The session's LAST_INSERT_ID() from now on, whichever connection asks.
      call.variables.lastInsertId = insertId;
    }
    return this.#respond(call, { result });
  }

  #respond(call: Call, outcome: { result?: VitessResult; error?: VitessError }, rowCount?: number): ExecuteResponse {
    const session = this.sessions.toJson(
      call.uuid,
      call.state,
      { rowsAffected: outcome.result?.rowsAffected, insertId: outcome.result?.insertId, rowCount },
      call.variables,
    );
    const timing = (performance.now() - call.started) / 1000;
    return outcome.error ? { session, error: outcome.error, timing } : { session, result: outcome.result, timing };
  }

  #errorFor(error: unknown, context: ErrorContext): VitessError {
    if (error instanceof Stopped) return error.vitess;
    if (isSqlError(error)) {
      const mysql = { errno: error.errno!, sqlState: error.sqlState!, message: error.sqlMessage ?? error.message };
      return mysql.errno === parseError ? syntaxError(context, mysql.message) : sqlError(context, mysql);
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
