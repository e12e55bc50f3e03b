import { sql } from "kysely";
import type { Executor } from "../db";
import type { OperatorStatus, Role } from "./tables";

const operatorColumns = ["id", "email", "name", "role", "status", "created_at"] as const;

export async function insertOperator(
  db: Executor,
  row: { id: string; email: string; name: string; role: Role; passwordHash: string; at: Date },
) {
  await db
    .insertInto("admin_operators")
    .values({
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      password_hash: row.passwordHash,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

export async function findOperatorByEmail(db: Executor, email: string) {
  return db
    .selectFrom("admin_operators")
    .select([...operatorColumns, "password_hash"])
    .where("email", "=", email)
    .executeTakeFirst();
}

export async function findOperator(db: Executor, id: string) {
  return db.selectFrom("admin_operators").select(operatorColumns).where("id", "=", id).executeTakeFirst();
}

/** Operators are few (a team); bounded all the same. */
export async function listOperators(db: Executor, limit: number) {
  return db.selectFrom("admin_operators").select(operatorColumns).orderBy("id").limit(limit).execute();
}

export async function updateOperator(
  db: Executor,
  id: string,
  changes: { role?: Role; status?: OperatorStatus; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("admin_operators")
    .set({ role: changes.role, status: changes.status, updated_at: changes.at })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function insertSession(
  db: Executor,
  row: { id: string; tokenHash: string; operatorId: string; ip: string; at: Date; expiresAt: Date },
) {
  await db
    .insertInto("admin_sessions")
    .values({
      id: row.id,
      token_hash: row.tokenHash,
      operator_id: row.operatorId,
      ip: row.ip,
      created_at: row.at,
      last_seen_at: row.at,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** The session with its operator: everything a request's authentication decides on, in one query. */
export async function findSessionByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom("admin_sessions as s")
    .innerJoin("admin_operators as o", "o.id", "s.operator_id")
    .select([
      "s.id as session_id",
      "s.last_seen_at",
      "s.expires_at",
      "s.revoked_at",
      "o.id",
      "o.email",
      "o.name",
      "o.role",
      "o.status",
      "o.created_at",
    ])
    .where("s.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, sessionId: string, at: Date) {
  await db.updateTable("admin_sessions").set({ last_seen_at: at }).where("id", "=", sessionId).execute();
}

export async function revokeSession(db: Executor, sessionId: string, at: Date) {
  await db
    .updateTable("admin_sessions")
    .set({ revoked_at: at })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .execute();
}

export async function revokeSessionByTokenHash(db: Executor, tokenHash: string, at: Date) {
  await db
    .updateTable("admin_sessions")
    .set({ revoked_at: at })
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .execute();
}

export async function revokeOperatorSessions(db: Executor, operatorId: string, at: Date) {
  await db
    .updateTable("admin_sessions")
    .set({ revoked_at: at })
    .where("operator_id", "=", operatorId)
    .where("revoked_at", "is", null)
    .execute();
}

/** The key's counter, made at zero when there is none, locked until the transaction ends. */
export async function lockThrottle(db: Executor, key: string, at: Date) {
  await db
    .insertInto("admin_login_throttle")
    .values({ throttle_key: key, failures: 0, window_started_at: at, locked_until: null })
    .onDuplicateKeyUpdate({ throttle_key: key })
    .execute();
  return db
    .selectFrom("admin_login_throttle")
    .select(["failures", "window_started_at", "locked_until"])
    .where("throttle_key", "=", key)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateThrottle(
  db: Executor,
  row: { key: string; failures: number; windowStartedAt: Date; lockedUntil: Date | null },
) {
  await db
    .updateTable("admin_login_throttle")
    .set({ failures: row.failures, window_started_at: row.windowStartedAt, locked_until: row.lockedUntil })
    .where("throttle_key", "=", row.key)
    .execute();
}

/** A successful login's attempt no longer counts as a failure (nor does the lock it may have set). */
export async function takeBackAttempt(db: Executor, key: string, maxFailures: number) {
  await db
    .updateTable("admin_login_throttle")
    .set({
      // Before failures changes: assignments apply left to right. (failures - 1 would underflow the unsigned column.)
      locked_until: sql`IF(failures > ${maxFailures}, locked_until, NULL)`,
      failures: sql`IF(failures > 0, failures - 1, 0)`,
    })
    .where("throttle_key", "=", key)
    .execute();
}

export async function deleteThrottle(db: Executor, key: string) {
  await db.deleteFrom("admin_login_throttle").where("throttle_key", "=", key).execute();
}
