// Sessions as PlanetScale hands them out: an opaque, signed object the driver echoes on every
// request. Like Vitess, the echo carries the session's own state (system and user variables set
// with SET, the last insert id); the server keeps what the echo cannot carry: the connection
// pinned to an open transaction, a pending SET TRANSACTION, or why a transaction ended behind
// the client's back.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { Connection } from "mysql2";
import { emptyVariables, readVariables, type SessionVariables, writeVariables } from "./variables";

export interface SessionState {
  uuid: string;
  /** The connection pinned to the open transaction, if any. */
  connection?: Connection;
  transactionId?: string;
  timer?: NodeJS.Timeout;
  /** Requests running on the pinned connection right now. */
  busy: number;
  /** A statement on the pinned connection changed session state: close it instead of pooling it. */
  dirty: boolean;
  /** A `SET TRANSACTION ...` sent outside a transaction: MySQL applies it to the next one. */
  pendingCharacteristics?: string;
  /** Why the transaction ended without the client (e.g. it exceeded the timeout). */
  abortedBecause?: string;
  abortedTransactionId?: string;
  touchedAt: number;
}

/** The session object as the driver sees it (psdb.v1alpha1.Session in protojson). */
export interface SessionJson {
  signature: string;
  vitessSession: Record<string, unknown>;
}

/** What the client's echoed session tells us: which session, and whether it believes it is in a transaction. */
export interface EchoedSession {
  uuid: string;
  inTransaction: boolean;
  transactionId?: string;
  variables: SessionVariables;
}

export class InvalidSession extends Error {}

const forgetIdleAfterMs = 10 * 60_000;
const maxCachedSignatures = 10_000;

export class SessionStore {
  #states = new Map<string, SessionState>();
  // Signing is the costliest step of a small request; sessions are echoed many times.
  #signatures = new Map<string, string>();
  #key: Buffer;
  #database: string;
  #nextTransactionId = BigInt(Date.now()) * 1_000_000n;
  #sweeper: NodeJS.Timeout;

  /** `secret` keeps signatures stable across restarts of a simulator with the same settings. */
  constructor(database: string, secret: string) {
    this.#database = database;
    this.#key = createHmac("sha256", "psdb-simulator").update(secret).digest();
    this.#sweeper = setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref();
  }

  newUuid(): string {
    return randomUUID();
  }

  /** Reads the driver's echo; undefined when it sent none (a fresh connection). */
  parse(session: unknown): EchoedSession | undefined {
    if (!session || typeof session !== "object") return undefined;
    const { signature, vitessSession } = session as { signature?: unknown; vitessSession?: Record<string, unknown> };
    const uuid = vitessSession?.SessionUUID;
    if (typeof uuid !== "string" || typeof signature !== "string") return undefined;
    if (!this.#verify(uuid, signature)) throw new InvalidSession("invalid session signature");
    const shardSessions = vitessSession?.shardSessions as { transactionId?: unknown }[] | undefined;
    const transactionId = shardSessions?.[0]?.transactionId;
    return {
      uuid,
      inTransaction: vitessSession?.inTransaction === true,
      transactionId: typeof transactionId === "string" ? transactionId : undefined,
      variables: readVariables(vitessSession),
    };
  }

  get(uuid: string): SessionState | undefined {
    return this.#states.get(uuid);
  }

  getOrCreate(uuid: string): SessionState {
    let state = this.#states.get(uuid);
    if (!state) {
      state = { uuid, busy: 0, dirty: false, touchedAt: Date.now() };
      this.#states.set(uuid, state);
    }
    state.touchedAt = Date.now();
    return state;
  }

  /** Drops the state once it holds nothing worth keeping. */
  settle(state: SessionState): void {
    if (!state.connection && !state.pendingCharacteristics && !state.abortedBecause) this.#states.delete(state.uuid);
  }

  nextTransactionId(): string {
    this.#nextTransactionId += 1n;
    return this.#nextTransactionId.toString();
  }

  all(): SessionState[] {
    return [...this.#states.values()];
  }

  delete(uuid: string): void {
    this.#states.delete(uuid);
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const state of this.#states.values()) clearTimeout(state.timer);
    this.#states.clear();
  }

  toJson(
    uuid: string,
    state: SessionState | undefined,
    result?: { rowsAffected?: string; insertId?: string; rowCount?: number },
    variables: SessionVariables = emptyVariables(),
  ): SessionJson {
    const vitessSession: Record<string, unknown> = {};
    if (state?.connection) {
      vitessSession.inTransaction = true;
      vitessSession.shardSessions = [
        {
          target: { keyspace: this.#database, shard: "-", tabletType: "PRIMARY" },
          transactionId: state.transactionId,
          tabletAlias: { cell: "local", uid: 1 },
        },
      ];
    }
    vitessSession.autocommit = true;
    vitessSession.options = { includedFields: "ALL", clientFoundRows: true };
    if (result?.rowCount) vitessSession.foundRows = String(result.rowCount);
    vitessSession.rowCount = result?.rowsAffected ?? "-1";
    writeVariables(vitessSession, variables);
    vitessSession.DDLStrategy = "direct";
    vitessSession.SessionUUID = uuid;
    vitessSession.enableSystemSettings = true;
    return { signature: this.#sign(uuid), vitessSession };
  }

  #sign(uuid: string): string {
    let signature = this.#signatures.get(uuid);
    if (signature === undefined) {
      signature = createHmac("sha256", this.#key).update(uuid).digest("base64");
      if (this.#signatures.size >= maxCachedSignatures) this.#signatures.clear();
      this.#signatures.set(uuid, signature);
    }
    return signature;
  }

  #verify(uuid: string, signature: string): boolean {
    const expected = Buffer.from(this.#sign(uuid));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  #sweep(): void {
    const cutoff = Date.now() - forgetIdleAfterMs;
    for (const state of this.#states.values()) {
      if (!state.connection && state.touchedAt < cutoff) this.#states.delete(state.uuid);
    }
  }
}
