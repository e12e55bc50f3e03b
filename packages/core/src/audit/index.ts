// The audit log: who changed what, when and from where, one row per operator change, appended in
// the transaction of the change it records (so the two commit or roll back together). Rows are
// never updated, except what they recorded about a person, erased with their account.
import { db, type Executor } from "../db";
import * as repo from "./repo";
import type { AuditEntry, AuditQuery } from "./schema";

export type * from "./schema";

/** Appends one row; call it with the transaction of the change it records. */
export async function appendWithin(tx: Executor, entry: AuditEntry): Promise<void> {
  await repo.insertAuditEntry(tx, entry);
}

/** Up to `limit` entries matching the query, newest first. */
export async function page(query: AuditQuery): Promise<AuditEntry[]> {
  const rows = await repo.findAuditPage(db(), query);
  return rows.map((row) => ({
    id: row.id,
    operatorId: row.operator_id,
    operatorEmail: row.operator_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before_json ?? undefined,
    after: row.after_json ?? undefined,
    ip: row.ip,
    createdAt: row.created_at,
  }));
}

/** Called by account deletion inside its transaction: audit rows about the person keep only ids. */
export async function eraseAboutUserWithin(tx: Executor, userId: string): Promise<void> {
  await repo.eraseAboutUser(tx, userId);
}
