// The audit log: one row per change, written in the transaction of the change it records.
import * as z from "zod/mini";
import { now } from "../clock";
import { decodeCursor, encodeCursor } from "../cursor";
import { db, type Executor } from "../db";
import { fn } from "../fn";
import { Id, idFloor, newId } from "../id";
import * as repo from "./repo";
import { Actor, type AuditEntry, AuditFilter } from "./schema";

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one row; call it with the transaction of the change it records. */
export async function audit(tx: Executor, actor: Actor, record: AuditRecord): Promise<string> {
  const at = now();
  const id = newId(at.getTime());
  await repo.insertAuditEntry(tx, {
    id,
    operatorId: actor.id,
    operatorEmail: actor.email,
    ip: actor.ip,
    createdAt: at,
    before: undefined,
    after: undefined,
    ...record,
  });
  return id;
}

const AuditAfter = z.tuple([Id]);

/** Newest first, filtered by operator, action, target and UTC dates; every role may read it. */
export const auditLog = fn(z.object({ actor: Actor, filter: AuditFilter }), async ({ filter }) => {
  const beforeId = filter.cursor === undefined ? undefined : decodeCursor(AuditAfter, filter.cursor)[0];
  const toId = filter.to ? idFloor(Date.parse(`${filter.to}T00:00:00Z`) + 24 * 60 * 60 * 1000) : undefined;
  const rows = await repo.findAuditPage(db(), {
    operatorId: filter.operatorId,
    action: filter.action,
    targetId: filter.targetId,
    fromId: filter.from ? idFloor(Date.parse(`${filter.from}T00:00:00Z`)) : undefined,
    beforeId: beforeId !== undefined && toId !== undefined ? (beforeId < toId ? beforeId : toId) : (beforeId ?? toId),
    limit: filter.limit,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row): AuditEntry => ({
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
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.id]) : null,
  };
});
