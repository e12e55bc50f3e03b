import type { Executor } from "../db";
import { forceIndex } from "../db/force-index";
import type { AuditEntry, AuditQuery } from "./schema";

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
  return select.orderBy("id", "desc").limit(query.limit).execute();
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
