import { Kysely } from "kysely";
import { databaseUrl } from "../config";
import { callSignal, isTimeout } from "../deadline";
import { Unavailable } from "../error";
import { countUsage } from "../usage";
import { PlanetScaleHttpDialect } from "./driver";
import type { DB } from "./types";

export type { DB } from "./types";
export type Executor = Kysely<DB>;

let instance: Kysely<DB> | undefined;

/** The Kysely instance over the PlanetScale HTTP driver; built on first use, not at import. */
export function db(): Kysely<DB> {
  instance ??= createDb(databaseUrl());
  return instance;
}

function createDb(url: string): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PlanetScaleHttpDialect({ url, fetch: countedFetch }) });
}

/**
 * Counts queries for the request's usage, gives each its deadline (the signal also bounds the
 * driver's read of the body), and turns an unreachable database into a 503.
 */
async function countedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  countUsage("dbQueries");
  let response: Response;
  try {
    response = await fetch(input, { ...init, signal: callSignal() });
  } catch (cause) {
    if (isTimeout(cause)) {
      throw new Unavailable("The database did not answer in time; try again shortly.", {
        code: "database_unavailable",
        cause,
      });
    }
    throw new Unavailable("The database is unreachable; try again shortly.", { code: "database_unavailable", cause });
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new Unavailable("The database is unavailable; try again shortly.", { code: "database_unavailable" });
  }
  return response;
}

/** Attempts of a transaction the database keeps choosing as a deadlock victim, before giving up. */
const deadlockAttempts = 5;

/**
 * Runs `work` in a transaction, and again (up to five times, after a growing jittered pause)
 * when the database chose it as a deadlock victim: it was rolled back whole, so a rerun is safe.
 * Contention that outlasts the retries, or a lock wait that timed out, is a 503 `contention`
 * with Retry-After: the request was valid and may simply be sent again.
 */
export async function transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const effects: Effect[] = [];
    let result: T;
    try {
      result = await db()
        .transaction()
        .execute((tx) => {
          queued.set(tx, effects);
          return work(tx);
        });
    } catch (error) {
      const errno = mysqlErrno(error);
      if (errno !== 1213 && errno !== 1205) throw error;
      if (errno === 1205 || attempt === deadlockAttempts) {
        throw new Unavailable("Too many changes to the same data at once; try again shortly.", {
          code: "contention",
          retryAfter: 1,
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      continue;
    }
    for (const effect of effects) await effect();
    return result;
  }
}

type Effect = () => Promise<void>;

/** The effects each open transaction has queued; a rolled-back attempt's list is simply dropped. */
const queued = new WeakMap<Executor, Effect[]>();

/**
 * Queues work outside the database (dropping a cache key, moving an S3 object) to run once the
 * transaction commits, in the order queued; it never runs when the transaction rolls back. An
 * effect that fails after the commit fails the call: what it undoes is safe to do again.
 */
export function afterCommit(tx: Executor, effect: Effect): void {
  const effects = queued.get(tx);
  if (!effects) throw new Error("afterCommit needs a transaction opened by transaction().");
  effects.push(effect);
}

/** MySQL error number carried in a PlanetScale error message ("... (errno 1062) ..."). */
export function mysqlErrno(error: unknown): number | undefined {
  const match = error instanceof Error ? /\(errno (\d+)\)/.exec(error.message) : null;
  return match ? Number(match[1]) : undefined;
}

/** A duplicate-key error; with `key`, only one on that unique key (MySQL names it in the message). */
export function isDuplicateKey(error: unknown, key?: string): boolean {
  if (mysqlErrno(error) !== 1062) return false;
  return key === undefined || (error instanceof Error && error.message.includes(key));
}

/** Test hook: forget the instance, so the next use reads the configuration again. */
export function resetDb(): void {
  instance = undefined;
}
