import { sql } from "kysely";
import type { Executor } from "../db";
import { forceIndex } from "../db/force-index";
import type { AuditEntry } from "./schema";
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

export async function insertAuditEntry(db: Executor, row: AuditEntry) {
  await db
    .insertInto("admin_audit_log")
    .values({
      id: row.id,
      operator_id: row.operatorId,
      operator_email: row.operatorEmail,
      action: row.action,
      target_type: row.targetType,
      target_id: row.targetId,
      before_json: row.before === undefined ? null : JSON.stringify(row.before),
      after_json: row.after === undefined ? null : JSON.stringify(row.after),
      ip: row.ip,
      created_at: row.createdAt,
    })
    .execute();
}

interface AuditQuery {
  operatorId?: string;
  action?: string;
  targetId?: string;
  fromId?: string;
  beforeId?: string;
  limit: number;
}

/**
 * The index whose range is the page: a target's rows are few, so its own index serves it whatever
 * else is asked; an operator's and an action's each have one, and both together another. Forced,
 * because the optimiser's statistics may pick a filter's index that reads a whole history.
 */
function auditIndexFor(query: AuditQuery): string {
  if (query.targetId) return "admin_audit_target";
  if (query.operatorId && query.action) return "admin_audit_operator_action";
  if (query.operatorId) return "admin_audit_operator";
  if (query.action) return "admin_audit_action";
  return "PRIMARY";
}

/**
 * Newest first, below `beforeId` and at or above `fromId` (ids are time-ordered, so a date
 * range is an id range), through the index that fits the filters (`auditIndexFor`).
 */
export async function findAuditPage(db: Executor, query: AuditQuery) {
  let select = db
    .selectFrom(forceIndex("admin_audit_log", auditIndexFor(query)))
    .select([
      "id",
      "operator_id",
      "operator_email",
      "action",
      "target_type",
      "target_id",
      "before_json",
      "after_json",
      "ip",
      "created_at",
    ]);
  if (query.targetId) select = select.where("target_id", "=", query.targetId);
  if (query.operatorId) select = select.where("operator_id", "=", query.operatorId);
  if (query.action) select = select.where("action", "=", query.action);
  if (query.fromId) select = select.where("id", ">=", query.fromId);
  if (query.beforeId) select = select.where("id", "<", query.beforeId);
  return select
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
}

/**
 * The one change an audit row ever takes: what it recorded about a person (a name before a reset,
 * say) is erased when their account is deleted. Who did what to which id, and when, stays.
 */
export async function eraseAboutUser(db: Executor, userId: string) {
  await db
    .updateTable("admin_audit_log")
    .set({ before_json: null, after_json: null })
    .where("target_id", "=", userId)
    .where("target_type", "=", "user")
    .execute();
}
