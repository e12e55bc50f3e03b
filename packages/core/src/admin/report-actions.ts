// The reports queue: reported targets as they are now, and acting on them (hide, ban, dismiss),
// which closes every open report of the target with the audit row, in one transaction.
import * as z from "zod/mini";
import * as Account from "../account";
import { Cursor } from "../cursor";
import { db, type Executor, transaction } from "../db";
import { NotFound } from "../error";
import { fn } from "../fn";
import { Id } from "../id";
import * as Profile from "../profile";
import * as Report from "../report";
import * as Room from "../room";
import * as Sticker from "../sticker";
import { audit } from "./audit";
import { requireRole } from "./roles";
import { Actor } from "./schema";

/** What a reported target is now, as the queue shows it beside its reports. */
export type ReportedContent =
  | { kind: "user"; profile: Profile.Me; standing: Account.Standing }
  | { kind: "sticker"; sticker: Sticker.ModerationItem }
  | { kind: "room"; room: Room.Room }
  | { kind: "gone" };

/** Reported targets with open reports, the oldest report first, each with its current content; every role may look. */
export const reportQueue = fn(z.object({ actor: Actor, cursor: z.optional(Cursor) }), async ({ cursor }) => {
  const page = await Report.queue({ cursor, limit: 20 });
  const items = await Promise.all(
    page.items.map(async (entry) => ({ ...entry, content: await reportedContent(entry) })),
  );
  return { items, nextCursor: page.nextCursor };
});

async function reportedContent(entry: Report.QueueEntry): Promise<ReportedContent> {
  const missing = (error: unknown) => {
    if (error instanceof NotFound) return undefined;
    throw error;
  };
  if (entry.type === "user") {
    const [profile, standing] = await Promise.all([
      Profile.getMe({ userId: entry.id }).catch(missing),
      Account.standing({ userId: entry.id }),
    ]);
    return profile && standing ? { kind: "user", profile, standing } : { kind: "gone" };
  }
  if (entry.type === "sticker") {
    const sticker = await Sticker.moderationItem({ stickerId: entry.id });
    return sticker ? { kind: "sticker", sticker } : { kind: "gone" };
  }
  const room = await Room.get({ userId: entry.ownerId, roomId: entry.id }).catch(missing);
  return room ? { kind: "room", room } : { kind: "gone" };
}

const ReportAction = z.enum(["hide", "ban", "dismiss"]);
const resolutionOf = { hide: "hidden", ban: "banned", dismiss: "dismissed" } as const;

/**
 * Acts on a reported target and closes every open report of it, with the audit row, in one
 * transaction: hide (a person's name back to their guest name and their bio emptied; a sticker
 * off the CDN once the transaction commits; a room out of every visitor's list), ban its owner
 * (permanently; unban from the user's page), or dismiss. Two operators acting at once take
 * turns; the second is told the reports are closed.
 */
export const actOnReport = fn(
  z.object({ actor: Actor, targetType: Report.TargetType, targetId: Id, action: ReportAction }),
  async ({ actor, targetType, targetId, action }): Promise<{ closed: number }> => {
    requireRole(actor, "moderator");
    const target = { type: targetType, id: targetId };
    return transaction(async (tx) => {
      const { ownerId } = await Report.openTargetWithin(tx, target);
      const change = await applyAction(tx, action, target, ownerId);
      const closed = await Report.closeWithin(tx, target, { resolution: resolutionOf[action], operatorId: actor.id });
      await audit(tx, actor, {
        action: `report.${action}`,
        targetType,
        targetId,
        before: change.before,
        after: { ...(change.after as object | undefined), ownerId, reportsClosed: closed },
      });
      return { closed };
    });
  },
);

async function applyAction(
  tx: Executor,
  action: z.output<typeof ReportAction>,
  target: { type: Report.TargetType; id: string },
  ownerId: string,
): Promise<{ before?: unknown; after?: unknown }> {
  if (action === "dismiss") return {};
  if (action === "ban") {
    const before = await Account.standingWithin(tx, ownerId, { forUpdate: true });
    if (!before) throw new NotFound("user", ownerId);
    await Account.banWithin(tx, { userId: ownerId, reason: `Banned after reports of their ${target.type}.` });
    return { before, after: await Account.standingWithin(tx, ownerId, { forUpdate: false }) };
  }
  if (target.type === "user") return Profile.hideWithin(tx, ownerId);
  if (target.type === "room") {
    if (!(await Room.hideWithin(tx, target.id))) throw new NotFound("room", target.id);
    return { after: { hidden: true } };
  }
  await Sticker.hideWithin(tx, { stickerId: target.id, reason: "Hidden after reports." });
  return { before: { status: "published" }, after: { status: "hidden" } };
}
