import { sql } from "kysely";
import type { Executor } from "../db";
import type { Reason, Resolution, TargetType } from "./schema";

interface TargetKey {
  type: TargetType;
  id: string;
}

/** An open report by this reporter of this target, if there is one. */
export async function findOpen(db: Executor, reporterId: string, target: TargetKey) {
  return db
    .selectFrom("reports")
    .select(["id", "created_at"])
    .where("reporter_id", "=", reporterId)
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .where("open_key", "=", 1)
    .executeTakeFirst();
}

/** False when the reporter has an open report of the target already (the unique key said so). */
export async function insertReport(
  db: Executor,
  row: {
    id: string;
    reporterId: string;
    target: TargetKey;
    ownerId: string;
    reason: Reason;
    note: string | null;
    at: Date;
  },
): Promise<boolean> {
  const result = await db
    .insertInto("reports")
    .ignore()
    .values({
      id: row.id,
      reporter_id: row.reporterId,
      target_type: row.target.type,
      target_id: row.target.id,
      owner_id: row.ownerId,
      reason: row.reason,
      note: row.note,
      open_key: 1,
      created_at: row.at,
    })
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

/** Counts one more open report of the target; a closed target opens again with this one. */
export async function countReport(db: Executor, target: TargetKey, ownerId: string, at: Date) {
  await db
    .insertInto("report_targets")
    .values({
      target_type: target.type,
      target_id: target.id,
      owner_id: ownerId,
      status: "open",
      open_reports: 1,
      first_reported_at: at,
      last_reported_at: at,
    })
    .onDuplicateKeyUpdate({
      // Each reads the row as it was: status is assigned last.
      open_reports: sql`IF(status = 'open', open_reports + 1, 1)`,
      first_reported_at: sql`IF(status = 'open', first_reported_at, VALUES(first_reported_at))`,
      last_reported_at: sql`VALUES(last_reported_at)`,
      status: "open",
    })
    .execute();
}

/** The target's queue row, locked, when it is open. */
export async function lockOpenTarget(db: Executor, target: TargetKey) {
  return db
    .selectFrom("report_targets")
    .select(["owner_id", "open_reports"])
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .where("status", "=", "open")
    .forUpdate()
    .executeTakeFirst();
}

/** Closes every open report of the target and its queue row; the number closed. */
export async function closeTarget(
  db: Executor,
  target: TargetKey,
  closing: { resolution: Resolution; operatorId: string | null; at: Date },
): Promise<number> {
  const result = await db
    .updateTable("reports")
    .set({
      status: "closed",
      open_key: null,
      resolution: closing.resolution,
      resolved_by: closing.operatorId,
      resolved_at: closing.at,
    })
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .where("status", "=", "open")
    .executeTakeFirst();
  await db
    .updateTable("report_targets")
    .set({ status: "closed", open_reports: 0 })
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .execute();
  return Number(result.numUpdatedRows);
}

/** A page of open targets, oldest report first (on the queue index). */
export async function listOpenTargets(
  db: Executor,
  query: { after?: { at: Date; type: string; id: string }; limit: number },
) {
  let select = db
    .selectFrom("report_targets")
    .select(["target_type", "target_id", "owner_id", "open_reports", "first_reported_at", "last_reported_at"])
    .where("status", "=", "open");
  const after = query.after;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb("first_reported_at", ">", after.at),
        eb.and([eb("first_reported_at", "=", after.at), eb("target_type", ">", after.type as TargetType)]),
        eb.and([
          eb("first_reported_at", "=", after.at),
          eb("target_type", "=", after.type as TargetType),
          eb("target_id", ">", after.id),
        ]),
      ]),
    );
  }
  return select
    .orderBy("first_reported_at")
    .orderBy("target_type")
    .orderBy("target_id")
    .limit(query.limit + 1)
    .execute();
}

/** The newest open reports of some targets, at most `perTarget` each. */
export async function listOpenReports(db: Executor, target: TargetKey, limit: number) {
  return db
    .selectFrom("reports")
    .select(["id", "reporter_id", "reason", "note", "created_at"])
    .where("target_type", "=", target.type)
    .where("target_id", "=", target.id)
    .where("status", "=", "open")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function countOpenTargets(db: Executor, cap: number): Promise<number> {
  const rows = await db
    .selectFrom("report_targets")
    .select("target_id")
    .where("status", "=", "open")
    .limit(cap)
    .execute();
  return rows.length;
}

/** What account deletion asks: the person's notes emptied, and the reports about them closed. */
export async function eraseReporter(db: Executor, reporterId: string) {
  await db.updateTable("reports").set({ note: null }).where("reporter_id", "=", reporterId).execute();
}

/** Reports about a person whose account is deleted: the open ones close, and none keeps its note. */
export async function closeAboutOwner(db: Executor, ownerId: string, at: Date) {
  await db
    .updateTable("reports")
    .set({ status: "closed", open_key: null, resolution: "deleted", resolved_at: at })
    .where("owner_id", "=", ownerId)
    .where("status", "=", "open")
    .execute();
  await db.updateTable("reports").set({ note: null }).where("owner_id", "=", ownerId).execute();
  await db
    .updateTable("report_targets")
    .set({ status: "closed", open_reports: 0 })
    .where("owner_id", "=", ownerId)
    .where("status", "=", "open")
    .execute();
}
