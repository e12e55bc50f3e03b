// Reports: people report a person, a sticker or poster, or a room, with a reason from a fixed list
// and an optional note. A report is counted against a per-person limit and made once per reporter
// and target while it is open (a repeat answers the same report); it lands in the console's queue,
// one entry per target, where acting on it (hide, ban, dismiss) closes every report of the target.
// Blocks stop nothing here: someone who blocked you, or whom you blocked, can still be reported.
import * as z from "zod/mini";
import { now } from "../clock";
import { decodeCursor, encodeCursor, Cursor } from "../cursor";
import { db, type Executor, transaction } from "../db";
import { Conflict, NotFound } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import * as Limit from "../limit";
import * as Profile from "../profile";
import * as Room from "../room";
import * as Sticker from "../sticker";
import * as repo from "./repo";
import { type Reason, type Receipt, ReportBody, type Resolution, Target, type TargetType } from "./schema";

export * from "./schema";

/** Reports one person may make an hour: enough for a bad evening, not for flooding the queue. */
export const reportLimit: Limit.Rule = { name: "report", max: 20, windowSeconds: 3600, what: "reports" };

interface ResolvedTarget {
  type: TargetType;
  id: string;
  ownerId: string;
}

/** Files a report, or answers the reporter's open report of the same target again. */
export const report = fn(
  z.extend(ReportBody, { reporterId: Id }),
  async ({ reporterId, target, reason, note }): Promise<Receipt> => {
    await Limit.take(reportLimit, reporterId);
    const resolved = await resolve(target);
    if (resolved.ownerId === reporterId) {
      throw new Conflict("You cannot report yourself or what you made.", "cannot_report_own");
    }
    const id = newId();
    const at = now();
    return transaction(async (tx) => {
      const row = { id, reporterId, target: resolved, ownerId: resolved.ownerId, reason, note: note ?? null, at };
      if (await repo.insertReport(tx, row)) {
        await repo.countReport(tx, resolved, resolved.ownerId, at);
        return { id, status: "open", createdAt: at.toISOString() };
      }
      const open = await repo.findOpen(tx, reporterId, resolved);
      if (!open) throw new Error("A report was refused as a repeat, but no open report was found.");
      return { id: open.id, status: "open", createdAt: open.created_at.toISOString() };
    });
  },
);

/** Who a target is, and whose: a 404 for what does not exist (or is gone), as elsewhere. */
async function resolve(target: z.output<typeof Target>): Promise<ResolvedTarget> {
  if (target.type === "user") {
    const userId = await Profile.ownerOfFriendId({ friendId: target.friendId });
    if (!userId) throw new NotFound("user with that Friend ID");
    return { type: "user", id: userId, ownerId: userId };
  }
  if (target.type === "sticker") {
    const ownerId = await Sticker.ownerOf({ stickerId: target.id });
    if (!ownerId) throw new NotFound("sticker", target.id);
    return { type: "sticker", id: target.id, ownerId };
  }
  const ownerId = await Room.ownerOf({ roomId: target.id });
  if (!ownerId) throw new NotFound("room", target.id);
  return { type: "room", id: target.id, ownerId };
}

export interface QueueEntry {
  type: TargetType;
  id: string;
  ownerId: string;
  openReports: number;
  firstReportedAt: string;
  lastReportedAt: string;
  /** The newest open reports (at most `reportsShown`), each with its reason and note. */
  reports: { id: string; reporterId: string; reason: Reason; note: string | null; createdAt: string }[];
}

const reportsShown = 10;
const QueueAfter = z.tuple([z.iso.datetime(), z.string(), Id]);

/** The moderation queue: reported targets with open reports, the oldest report first. */
export const queue = fn(
  z.object({ cursor: z.optional(Cursor), limit: z._default(z.int().check(z.gte(1), z.lte(50)), 20) }),
  async ({ cursor, limit }): Promise<{ items: QueueEntry[]; nextCursor: string | null }> => {
    const key = cursor === undefined ? undefined : decodeCursor(QueueAfter, cursor);
    const after = key && { at: new Date(key[0]), type: key[1], id: key[2] };
    const rows = await repo.listOpenTargets(db(), { after, limit });
    const page = rows.slice(0, limit);
    const items = await Promise.all(
      page.map(async (row): Promise<QueueEntry> => {
        const target = { type: row.target_type, id: row.target_id };
        const reports = await repo.listOpenReports(db(), target, reportsShown);
        return {
          ...target,
          ownerId: row.owner_id,
          openReports: row.open_reports,
          firstReportedAt: row.first_reported_at.toISOString(),
          lastReportedAt: row.last_reported_at.toISOString(),
          reports: reports.map((report) => ({
            id: report.id,
            reporterId: report.reporter_id,
            reason: report.reason,
            note: report.note,
            createdAt: report.created_at.toISOString(),
          })),
        };
      }),
    );
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor([last.first_reported_at.toISOString(), last.target_type, last.target_id])
        : null;
    return { items, nextCursor };
  },
);

/** Targets with open reports, counted up to `cap` (the console's front page). */
export const countOpen = fn(z.object({ cap: z.int().check(z.gte(1), z.lte(1000)) }), async ({ cap }) =>
  repo.countOpenTargets(db(), cap),
);

/**
 * Locks an open target for an operator's action, inside the caller's transaction: the owner to
 * act on, or 409 when someone else closed its reports first.
 */
export async function openTargetWithin(
  executor: Executor,
  target: { type: TargetType; id: string },
): Promise<{ ownerId: string; openReports: number }> {
  const row = await repo.lockOpenTarget(executor, target);
  if (!row) throw new Conflict("The reports of this target are closed already.", "reports_closed");
  return { ownerId: row.owner_id, openReports: row.open_reports };
}

/** Closes every open report of the target, inside the caller's transaction (with the action and its audit row). */
export async function closeWithin(
  executor: Executor,
  target: { type: TargetType; id: string },
  closing: { resolution: Resolution; operatorId: string },
): Promise<number> {
  return repo.closeTarget(executor, target, { ...closing, at: now() });
}

/**
 * Called by account deletion inside its transaction: reports the person made keep their reason
 * but lose the note (their words); reports about them close, and lose their notes too.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await repo.eraseReporter(executor, userId);
  await repo.closeAboutOwner(executor, userId, now());
}
