// Database failures a client may retry become 503s with Retry-After, wherever they surface: the
// driver reports some in the response body (PlanetScale answers HTTP 200 with `error.code`
// UNAVAILABLE when it loses MySQL), others are fetch failures or our own deadline.
import { DatabaseError } from "@planetscale/database";
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from "kysely";
import { deadlines, isTimeout, withDeadline } from "../deadline";
import { AppError, Unavailable } from "../error";
import { log } from "../log";

/** Vitess codes that say the database could not do it now, not that the statement was wrong. */
const retryableCodes = new Set(["UNAVAILABLE", "DEADLINE_EXCEEDED", "CANCELED", "RESOURCE_EXHAUSTED"]);

/**
 * ABORTED is both a deadlock (retried by `transaction()`) or a statement over the row limit
 * (a bug), and a transaction the server ended under us: killed with its connection, rolled back
 * past the 20 s limit, or gone with a restarted tablet. Only the last kind is an outage.
 */
const endedTransaction = /\(errno 1927\)|\btransaction \S+: (ended at|not found)/;

/** The 503 for a database failure that a retry may cure; undefined for any other error. */
export function unavailableFor(error: unknown): Unavailable | undefined {
  if (error instanceof Unavailable) return error;
  if (error instanceof AppError) return undefined;
  if (isTimeout(error)) {
    return new Unavailable("The database did not answer in time; try again shortly.", {
      code: "database_unavailable",
      cause: error,
    });
  }
  const lost =
    // fetch: the connection failed, or closed under the body.
    (error instanceof TypeError && /^(fetch failed|terminated)$/.test(error.message)) ||
    (error instanceof DatabaseError &&
      (retryableCodes.has(error.body?.code) ||
        (error.body?.code === "ABORTED" && endedTransaction.test(error.message))));
  if (!lost) return undefined;
  return new Unavailable("The database is unavailable; try again shortly.", {
    code: "database_unavailable",
    cause: error,
  });
}
