import { describe, expect, it } from "vitest";
import * as Account from "../account";
import * as Deletion from "../deletion";
import * as Admin from "../admin";
import { db } from "../db";
import { rowCounts } from "../db/testing";
import * as Friend from "../friend";
import { newId } from "../id";
import * as Profile from "../profile";
import * as Room from "../room";
import { sampleRoom } from "../room/testing";
import * as Sticker from "../sticker";
import { publishedSticker, uploadedSticker } from "../sticker/testing";
import * as Storage from "../storage";
import * as Report from "./index";

async function person(name = "Someone") {
  const { userId } = await Account.signup({});
  await Profile.updateMe({ userId, changes: { name, bio: `${name}'s bio` } });
  return { userId, friendId: (await Profile.getMe({ userId })).friendId };
}

async function operator(role: Admin.Role = "moderator"): Promise<Admin.Actor> {
  const created = await Admin.createOperator({
    email: `${role}-${newId().toLowerCase()}@example.com`,
    name: `Test ${role}`,
    role,
    password: "correct horse battery staple",
  });
  return { id: created.id, email: created.email, role, ip: "192.0.2.1" };
}

async function reportsOf(targetId: string) {
  return db()
    .selectFrom("reports")
    .select(["reporter_id", "status", "resolution", "resolved_by", "note", "reason"])
    .where("target_id", "=", targetId)
    .execute();
}

async function queueEntry(targetId: string) {
  const admin = await operator("viewer");
  for (let cursor: string | undefined; ;) {
    const page = await Admin.reportQueue({ actor: admin, cursor });
    const found = page.items.find((item) => item.id === targetId);
    if (found || !page.nextCursor) return found;
    cursor = page.nextCursor;
  }
}

const userTarget = (friendId: string) => ({ type: "user" as const, friendId });

describe("reporting", () => {
  it("lands a person in the queue with their current profile, the reason and the note", async () => {
    const reporter = await person("Reporter");
    const reported = await person("Rude Name");
    const receipt = await Report.report({
      reporterId: reporter.userId,
      target: userTarget(reported.friendId),
      reason: "harassment",
      note: "Says mean things\nevery day",
    });
    expect(receipt).toMatchObject({ status: "open" });
    const entry = await queueEntry(reported.userId);
    expect(entry).toMatchObject({
      type: "user",
      ownerId: reported.userId,
      openReports: 1,
      reports: [
        { id: receipt.id, reporterId: reporter.userId, reason: "harassment", note: "Says mean things\nevery day" },
      ],
      content: { kind: "user", profile: { name: "Rude Name", bio: "Rude Name's bio" } },
    });
  });

  it("answers a repeat with the same report, however many come at once, and counts it once", async () => {
    const reporter = await person();
    const reported = await person();
    const receipts = await Promise.all(
      Array.from({ length: 8 }, () =>
        Report.report({ reporterId: reporter.userId, target: userTarget(reported.friendId), reason: "spam" }),
      ),
    );
    expect(new Set(receipts.map((receipt) => receipt.id)).size).toBe(1);
    expect(await reportsOf(reported.userId)).toHaveLength(1);
    const other = await person();
    await Report.report({ reporterId: other.userId, target: userTarget(reported.friendId), reason: "spam" });
    expect((await queueEntry(reported.userId))?.openReports).toBe(2);
  });

  it("takes stickers, posters and rooms by id, with their current content", async () => {
    const reporter = await person();
    const owner = await person();
    const poster = await publishedSticker(owner.userId, "poster");
    const room = await Room.create({
      userId: owner.userId,
      name: "Loud room",
      visibility: "public",
      document: sampleRoom(),
    });
    await Report.report({
      reporterId: reporter.userId,
      target: { type: "sticker", id: poster.id },
      reason: "sexual_content",
    });
    await Report.report({ reporterId: reporter.userId, target: { type: "room", id: room.id }, reason: "hate" });
    expect(await queueEntry(poster.id)).toMatchObject({
      ownerId: owner.userId,
      content: { kind: "sticker", sticker: { kind: "poster", status: "published" } },
    });
    expect(await queueEntry(room.id)).toMatchObject({
      ownerId: owner.userId,
      content: { kind: "room", room: { name: "Loud room" } },
    });
  });

  it("works across a block, either way", async () => {
    const reporter = await person();
    const blockedByReporter = await person();
    const blockerOfReporter = await person();
    await Friend.block({ userId: reporter.userId, friendId: blockedByReporter.friendId });
    await Friend.block({
      userId: blockerOfReporter.userId,
      friendId: (await Profile.getMe({ userId: reporter.userId })).friendId,
    });
    for (const target of [blockedByReporter, blockerOfReporter]) {
      await expect(
        Report.report({ reporterId: reporter.userId, target: userTarget(target.friendId), reason: "harassment" }),
      ).resolves.toMatchObject({ status: "open" });
    }
  });

  it("refuses yourself and what you made, what does not exist, and a note with hidden characters, writing nothing", async () => {
    const reporter = await person();
    const mine = await publishedSticker(reporter.userId);
    const pending = await uploadedSticker((await person()).userId);
    const before = await rowCounts();
    const refusals = [
      [{ target: userTarget(reporter.friendId), reason: "spam" }, 409],
      [{ target: { type: "sticker", id: mine.id }, reason: "spam" }, 409],
      [{ target: userTarget("ZZZZZZZZ"), reason: "spam" }, 404],
      [{ target: { type: "sticker", id: pending }, reason: "spam" }, 404],
      [{ target: { type: "room", id: newId() }, reason: "spam" }, 404],
      [{ target: userTarget("ZZZZZZZZ"), reason: "spam", note: "a\u202Eb" }, 400],
      [{ target: userTarget("ZZZZZZZZ"), reason: "spam", note: "x".repeat(501) }, 400],
      [{ target: userTarget("ZZZZZZZZ"), reason: "boring" }, 400],
    ] as const;
    for (const [input, status] of refusals) {
      await expect(
        Report.report({ reporterId: reporter.userId, ...input } as never),
        JSON.stringify(input),
      ).rejects.toMatchObject({
        status,
      });
    }
    const after = await rowCounts();
    expect({ ...after, rate_limits: 0 }).toEqual({ ...before, rate_limits: 0 });
  });

  it(`allows ${Report.reportLimit.max} reports an hour per person, with more at once`, async () => {
    const reporter = await person();
    const targets = await Promise.all(Array.from({ length: Report.reportLimit.max + 5 }, () => person()));
    const outcomes = await Promise.allSettled(
      targets.map((target) =>
        Report.report({ reporterId: reporter.userId, target: userTarget(target.friendId), reason: "spam" }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(Report.reportLimit.max);
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(refused).toHaveLength(5);
    for (const outcome of refused) expect(outcome.reason).toMatchObject({ status: 429, code: "rate_limited" });
  });
});

describe("acting on reports", () => {
  async function reportedBy(count: number, target: (reporter: { userId: string }) => Promise<unknown>) {
    for (let i = 0; i < count; i++) await target(await person(`Reporter ${i}`));
  }

  it("hides a person: their guest name back and their bio emptied, every report closed, audited", async () => {
    const reported = await person("Offensive");
    await reportedBy(3, (reporter) =>
      Report.report({ reporterId: reporter.userId, target: userTarget(reported.friendId), reason: "hate" }),
    );
    const moderator = await operator();
    expect(
      await Admin.actOnReport({ actor: moderator, targetType: "user", targetId: reported.userId, action: "hide" }),
    ).toEqual({
      closed: 3,
    });
    const me = await Profile.getMe({ userId: reported.userId });
    expect(me.name).toMatch(/^Guest /);
    expect(me.bio).toBe("");
    const reports = await reportsOf(reported.userId);
    expect(reports.every((report) => report.status === "closed" && report.resolution === "hidden")).toBe(true);
    expect(reports.every((report) => report.resolved_by === moderator.id)).toBe(true);
    expect(await queueEntry(reported.userId)).toBeUndefined();
    const audit = await Admin.auditLog({ actor: moderator, filter: { targetId: reported.userId, limit: 10 } });
    expect(audit.items).toMatchObject([
      {
        action: "report.hide",
        before: { name: "Offensive", bio: "Offensive's bio" },
        after: { reportsClosed: 3, ownerId: reported.userId },
      },
    ]);
  });

  it("hides a sticker off the CDN and a room out of visitors' lists", async () => {
    const owner = await person();
    const sticker = await publishedSticker(owner.userId);
    const room = await Room.create({
      userId: owner.userId,
      name: "Room",
      visibility: "public",
      document: sampleRoom(),
    });
    const visitor = await person();
    await Report.report({
      reporterId: visitor.userId,
      target: { type: "sticker", id: sticker.id },
      reason: "violence",
    });
    await Report.report({ reporterId: visitor.userId, target: { type: "room", id: room.id }, reason: "violence" });
    const moderator = await operator();
    await Admin.actOnReport({ actor: moderator, targetType: "sticker", targetId: sticker.id, action: "hide" });
    await Admin.actOnReport({ actor: moderator, targetType: "room", targetId: room.id, action: "hide" });
    expect((await fetch(sticker.url)).status).toBe(404);
    expect(await Storage.headObject(`hidden/stickers/${sticker.id}.png`)).toBeDefined();
    expect((await Room.listVisible({ viewerId: visitor.userId, friendId: owner.friendId })).items).toEqual([]);
    expect((await Room.listMine({ userId: owner.userId })).items).toHaveLength(1);
  });

  it("bans the owner of a reported sticker, or dismisses with nothing changed", async () => {
    const owner = await person();
    const sticker = await publishedSticker(owner.userId);
    const other = await person();
    const reporter = await person();
    await Report.report({ reporterId: reporter.userId, target: { type: "sticker", id: sticker.id }, reason: "spam" });
    await Report.report({ reporterId: reporter.userId, target: userTarget(other.friendId), reason: "spam" });
    const moderator = await operator();
    await Admin.actOnReport({ actor: moderator, targetType: "sticker", targetId: sticker.id, action: "ban" });
    expect((await Account.standing({ userId: owner.userId }))?.status).toBe("banned");
    await Admin.actOnReport({ actor: moderator, targetType: "user", targetId: other.userId, action: "dismiss" });
    expect((await Account.standing({ userId: other.userId }))?.status).toBe("active");
    expect((await reportsOf(other.userId))[0]).toMatchObject({ status: "closed", resolution: "dismissed" });
  });

  it("takes one of two operators acting at once; the other is told the reports are closed", async () => {
    const reported = await person();
    const reporter = await person();
    await Report.report({ reporterId: reporter.userId, target: userTarget(reported.friendId), reason: "spam" });
    const [first, second] = [await operator(), await operator()];
    const outcomes = await Promise.allSettled([
      Admin.actOnReport({ actor: first, targetType: "user", targetId: reported.userId, action: "ban" }),
      Admin.actOnReport({ actor: second, targetType: "user", targetId: reported.userId, action: "dismiss" }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === "rejected");
    expect(refused?.reason).toMatchObject({ status: 409, code: "reports_closed" });
    const audit = await Admin.auditLog({ actor: first, filter: { targetId: reported.userId, limit: 10 } });
    expect(audit.items).toHaveLength(1);
  });

  it("opens the target again for a report after it was closed", async () => {
    const reported = await person();
    const reporter = await person();
    const first = await Report.report({
      reporterId: reporter.userId,
      target: userTarget(reported.friendId),
      reason: "spam",
    });
    await Admin.actOnReport({
      actor: await operator(),
      targetType: "user",
      targetId: reported.userId,
      action: "dismiss",
    });
    const again = await Report.report({
      reporterId: reporter.userId,
      target: userTarget(reported.friendId),
      reason: "spam",
    });
    expect(again.id).not.toBe(first.id);
    expect((await queueEntry(reported.userId))?.openReports).toBe(1);
  });

  it("is for moderators: viewers may look, not act", async () => {
    const reported = await person();
    await Report.report({ reporterId: (await person()).userId, target: userTarget(reported.friendId), reason: "spam" });
    await expect(
      Admin.actOnReport({
        actor: await operator("viewer"),
        targetType: "user",
        targetId: reported.userId,
        action: "dismiss",
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect((await queueEntry(reported.userId))?.openReports).toBe(1);
  });
});

describe("account deletion and reports", () => {
  it("closes the reports about the person and keeps the ones they made without their notes", async () => {
    const leaving = await person();
    const other = await person();
    await Report.report({
      reporterId: leaving.userId,
      target: userTarget(other.friendId),
      reason: "spam",
      note: "my words",
    });
    await Report.report({
      reporterId: other.userId,
      target: userTarget(leaving.friendId),
      reason: "spam",
      note: "about them",
    });
    await Deletion.deleteAccount({ userId: leaving.userId });
    expect(await reportsOf(other.userId)).toEqual([
      { reporter_id: leaving.userId, status: "open", resolution: null, resolved_by: null, note: null, reason: "spam" },
    ]);
    expect(await reportsOf(leaving.userId)).toEqual([
      {
        reporter_id: other.userId,
        status: "closed",
        resolution: "deleted",
        resolved_by: null,
        note: null,
        reason: "spam",
      },
    ]);
    expect(await queueEntry(leaving.userId)).toBeUndefined();
  });
});
