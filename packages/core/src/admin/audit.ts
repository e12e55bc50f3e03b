// The audit log: one row per change, written in the transaction of the change it records.
import * as z from "zod/mini";
import { now } from "../clock";
import { decodeCursor, encodeCursor } from "../cursor";
import * as Audit from "../audit";
import type { Executor } from "../db";
import { fn } from "../fn";
import { Id, idFloor, newId } from "../id";
import { Actor, AuditFilter } from "./schema";

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
  await Audit.appendWithin(tx, {
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
  // One more than the page: whether a next page exists.
  const rows = await Audit.page({
    operatorId: filter.operatorId,
    action: filter.action,
    targetId: filter.targetId,
    fromId: filter.from ? idFloor(Date.parse(`${filter.from}T00:00:00Z`)) : undefined,
    beforeId: beforeId !== undefined && toId !== undefined ? (beforeId < toId ? beforeId : toId) : (beforeId ?? toId),
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.id]) : null };
});
