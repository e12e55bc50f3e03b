import { afterEach, describe, expect, it } from "vitest";
import * as Admin from "../admin";
import * as Avatar from "../avatar";
import { sampleAvatar } from "../avatar/testing";
import * as Block from "../block";
import { accessTokenSeconds } from "../auth";
import { advanceClock, resetClock } from "../clock";
import { db, transaction } from "../db";
import * as Focus from "../focus";
import * as Friend from "../friend";
import * as Identity from "../identity";
import { identityProof, newSubject } from "../identity/testing";
import * as Profile from "../profile";
import * as Room from "../room";
import { sampleRoom } from "../room/testing";
import * as Space from "../space";
import * as Sticker from "../sticker";
import { publishedSticker } from "../sticker/testing";
import * as Storage from "../storage";
import { localS3 } from "../storage/testing";
import * as Transfer from "../transfer";
import * as Wallet from "../wallet";
import * as Account from "../account";
import * as Deletion from "./index";

afterEach(async () => {
  resetClock();
  await localS3.fault("none");
});

/**
 * Makes an erasure's last pass due now, as if its 16 minutes had passed. (Moving the clock that
 * far would make the local S3 refuse our signatures as too skewed, as S3 does.)
 */
async function lastPassDue(userId: string): Promise<void> {
  await db()
    .updateTable("account_erasures")
    .set({ final_after: new Date(Date.now() - 1000) })
    .where("account_id", "=", userId)
    .execute();
}

async function person(name: string) {
  const tokens = await Account.signup({ platform: "ios", deviceLabel: `${name}'s phone` });
  await Profile.updateMe({ userId: tokens.userId, changes: { name, bio: `I am ${name}` } });
  return { ...tokens, friendId: (await Profile.getMe({ userId: tokens.userId })).friendId };
}

async function rowsOf(table: string, column: string, userId: string): Promise<number> {
  const rows = await db()
    .selectFrom(table as "profiles")
    .select(db().fn.countAll<string>().as("count"))
    .where(column as "user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(rows.count);
}

/** Whether the erasure's last pass has run (other tests' erasures may be due at the same time). */
async function lastPassDone(userId: string): Promise<boolean> {
  const row = await db()
    .selectFrom("account_erasures")
    .select("finished_at")
    .where("account_id", "=", userId)
    .executeTakeFirstOrThrow();
  return row.finished_at !== null;
}

const cdnStatus = async (url: string) => (await fetch(url)).status;

/** Someone with something in every module, seen by others in every way there is. */
async function livedIn() {
  const name = `消える人${Math.random().toString(36).slice(2, 6)}`;
  const leaving = await person(name);
  const friend = await person("Friend");
  const asked = await person("Asked");
  const asking = await person("Asking");
  const blocked = await person("Blocked");
  const blocker = await person("Blocker");
  const userId = leaving.userId;

  await Friend.sendRequest({ userId, friendId: friend.friendId });
  await Friend.sendRequest({ userId: friend.userId, friendId: leaving.friendId });
  await Friend.sendRequest({ userId, friendId: asked.friendId });
  await Friend.sendRequest({ userId: asking.userId, friendId: leaving.friendId });
  await Friend.block({ userId, friendId: blocked.friendId });
  await Friend.block({ userId: blocker.userId, friendId: leaving.friendId });

  const subject = newSubject("apple");
  await Identity.link({ userId, ...(await identityProof("apple", { subject })) });
  await Transfer.issue({ userId, passphrase: "a passphrase of mine" });

  const space = (await Space.listSpaces({})).items[0]!;
  await Space.join({ userId, spaceId: space.id });
  await Focus.start({ userId, session: { mode: "countup", tag: "study" } });
  await transaction((tx) =>
    Wallet.creditWithin(tx, { userId, amount: 50, reason: "admin_grant", reference: "gift-1" }),
  );

  const avatar = await Avatar.save({ userId, expectedVersion: 0, document: sampleAvatar() });
  const avatarAgain = await Avatar.save({
    userId,
    expectedVersion: 1,
    document: sampleAvatar({ expression: "sleepy" }),
  });
  const room = await Room.create({ userId, name: "My room", visibility: "public", document: sampleRoom() });
  const sticker = await publishedSticker(userId);
  const hiddenPoster = await publishedSticker(userId, "poster");
  await Sticker.hide({ stickerId: hiddenPoster.id, reason: "test" });

  const operator = await Admin.createOperator({
    email: `op-${userId.toLowerCase()}@example.com`,
    name: "Operator",
    role: "admin",
    password: "a long operator password",
  });
  const actor = { id: operator.id, email: operator.email, role: operator.role, ip: "127.0.0.1" } as const;
  await Admin.resetUserName({ actor, userId });
  await Profile.updateMe({ userId, changes: { name } });

  // Everyone's Lambda has the person in memory: the friend's list, the cards, the seat.
  expect((await Friend.listFriends({ userId: friend.userId, limit: 50 })).items).toHaveLength(1);
  expect((await Profile.search({ q: name, limit: 10, viewerId: friend.userId })).items).toHaveLength(1);
  expect((await Space.members({ spaceId: space.id, viewerId: friend.userId, limit: 50 })).items).toContainEqual(
    expect.objectContaining({ friendId: leaving.friendId }),
  );

  return {
    leaving,
    name,
    subject,
    friend,
    asked,
    asking,
    blocked,
    blocker,
    space,
    actor,
    urls: [avatar.url!, avatarAgain.url!, room.url, sticker.url],
    hiddenPoster,
  };
}

describe("deleting an account", () => {
  it("takes the person out of everything at once, for everyone", async () => {
    const world = await livedIn();
    const { leaving, friend } = world;
    await Deletion.deleteAccount({ userId: leaving.userId });

    // Search, lookups, cards, friend lists, requests both ways, space members: nobody sees them.
    expect((await Profile.search({ q: world.name, limit: 10, viewerId: friend.userId })).items).toEqual([]);
    await expect(Friend.lookUp({ viewerId: friend.userId, friendId: leaving.friendId })).rejects.toMatchObject({
      status: 404,
    });
    expect((await Profile.cardsByUserId({ userIds: [leaving.userId] })).size).toBe(0);
    expect((await Friend.listFriends({ userId: friend.userId, limit: 50 })).items).toEqual([]);
    expect(await Friend.listRequests({ userId: world.asked.userId })).toEqual({ incoming: [], outgoing: [] });
    expect(await Friend.listRequests({ userId: world.asking.userId })).toEqual({ incoming: [], outgoing: [] });
    expect(
      (await Space.members({ spaceId: world.space.id, viewerId: friend.userId, limit: 50 })).items,
    ).not.toContainEqual(expect.objectContaining({ friendId: leaving.friendId }));
    expect((await Space.presenceOf({ userIds: [leaving.userId] })).get(leaving.userId)).toEqual({ state: "idle" });
    await expect(Room.listVisible({ viewerId: friend.userId, friendId: leaving.friendId })).rejects.toMatchObject({
      status: 404,
    });
    expect(await Block.hiddenAmong({ userId: world.blocked.userId, others: [leaving.userId] })).toEqual(new Set());

    // Nothing of theirs is left in any module's tables.
    const left = {
      profiles: await rowsOf("profiles", "user_id", leaving.userId),
      friendships: await rowsOf("friendships", "user_id", leaving.userId),
      friendshipsOfOthers: await rowsOf("friendships", "other_id", leaving.userId),
      requestsSent: await rowsOf("friend_requests", "from_user_id", leaving.userId),
      requestsReceived: await rowsOf("friend_requests", "to_user_id", leaving.userId),
      friendLock: await rowsOf("friend_locks", "user_id", leaving.userId),
      blocksMade: await rowsOf("blocks", "blocker_id", leaving.userId),
      blocksAgainst: await rowsOf("blocks", "blocked_id", leaving.userId),
      presence: await rowsOf("presence", "user_id", leaving.userId),
      focusSessions: await rowsOf("focus_sessions", "user_id", leaving.userId),
      focusDays: await rowsOf("focus_days", "user_id", leaving.userId),
      focusTags: await rowsOf("focus_tag_days", "user_id", leaving.userId),
      streaks: await rowsOf("focus_streaks", "user_id", leaving.userId),
      inventory: await rowsOf("inventory_items", "user_id", leaving.userId),
      avatars: await rowsOf("avatars", "user_id", leaving.userId),
      rooms: await rowsOf("rooms", "user_id", leaving.userId),
      stickers: await rowsOf("stickers", "user_id", leaving.userId),
      stickerQuotas: await rowsOf("sticker_quotas", "user_id", leaving.userId),
      identities: await rowsOf("identities", "account_id", leaving.userId),
      transferCodes: await rowsOf("transfer_codes", "account_id", leaving.userId),
    };
    expect(Object.entries(left).filter(([, count]) => count > 0)).toEqual([]);
  });

  it("ends every session, keeps the account as an id, and the ledger and audit rows with ids only", async () => {
    const world = await livedIn();
    const { leaving } = world;
    await Deletion.deleteAccount({ userId: leaving.userId });

    await expect(Account.refresh({ refreshToken: leaving.refreshToken })).rejects.toMatchObject({
      status: 401,
      code: "invalid_refresh_token",
    });
    const account = await db()
      .selectFrom("accounts")
      .select(["status", "platform", "ban_reason"])
      .where("id", "=", leaving.userId)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ status: "deleted", platform: null, ban_reason: null });
    const sessions = await db()
      .selectFrom("auth_sessions")
      .select(["revoked_at", "device_label", "platform"])
      .where("account_id", "=", leaving.userId)
      .execute();
    expect(sessions.every((session) => session.revoked_at && !session.device_label && !session.platform)).toBe(true);

    const ledger = await Wallet.ledger({ userId: leaving.userId, limit: 10 });
    expect(ledger.items).toHaveLength(1);
    const audit = await db()
      .selectFrom("admin_audit_log")
      .select(["action", "target_id", "before_json", "after_json"])
      .where("target_id", "=", leaving.userId)
      .execute();
    expect(audit).toEqual([
      { action: "user.reset_name", target_id: leaving.userId, before_json: null, after_json: null },
    ]);
    expect(JSON.stringify(audit)).not.toContain(world.name);
    // The console finds no such person any more.
    await expect(Admin.userDetail({ actor: world.actor, userId: leaving.userId })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("takes their content out of the bucket and the CDN; hidden images go with the last pass", async () => {
    const world = await livedIn();
    for (const url of world.urls) expect(await cdnStatus(url)).toBe(200);
    await Deletion.deleteAccount({ userId: world.leaving.userId });
    for (const url of world.urls) expect(await cdnStatus(url), url).toBe(404);
    expect(await Storage.listKeys(`avatars/${world.leaving.userId}/`)).toEqual([]);
    // The routes' Lambdas have no right on hidden images: they wait for the last pass.
    const hiddenKey = `hidden/stickers/${world.hiddenPoster.id}.png`;
    expect(await Storage.headObject(hiddenKey)).toBeDefined();
    await lastPassDue(world.leaving.userId);
    await Deletion.finishErasures({});
    expect(await lastPassDone(world.leaving.userId)).toBe(true);
    expect(await Storage.headObject(hiddenKey)).toBeUndefined();
  });

  it("lets the identities they linked make a new account afterwards", async () => {
    const world = await livedIn();
    await Deletion.deleteAccount({ userId: world.leaving.userId });
    const again = await Identity.signIn({
      ...(await identityProof("apple", { subject: world.subject })),
      address: "192.0.2.44",
    });
    expect(again.accountCreated).toBe(true);
    expect(again.userId).not.toBe(world.leaving.userId);
  });

  it("answers the same to a second deletion, and to many at once, erasing once", async () => {
    const leaving = await person("Twice");
    await Promise.all(Array.from({ length: 5 }, () => Deletion.deleteAccount({ userId: leaving.userId })));
    await Deletion.deleteAccount({ userId: leaving.userId });
    expect(await rowsOf("account_erasures", "account_id", leaving.userId)).toBe(1);
  });

  it("refuses to ban, link to or sign in to a deleted account", async () => {
    const leaving = await person("Gone");
    const { code } = await Transfer.issue({ userId: leaving.userId, passphrase: "a passphrase of mine" });
    await Deletion.deleteAccount({ userId: leaving.userId });
    await expect(Account.ban({ userId: leaving.userId, reason: "late" })).rejects.toMatchObject({ status: 404 });
    await expect(Identity.link({ userId: leaving.userId, ...(await identityProof("google")) })).rejects.toMatchObject({
      status: 401,
      code: "account_deleted",
    });
    await expect(
      Transfer.redeem({ code, passphrase: "a passphrase of mine", address: "192.0.2.45" }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("erases, in its last pass, what a still-valid access token wrote after the deletion", async () => {
    const leaving = await person("Lingering");
    await Deletion.deleteAccount({ userId: leaving.userId });
    // The deleted person's access token passes for up to 15 minutes: it can still write.
    await Focus.start({ userId: leaving.userId, session: { mode: "countup" } });
    const late = await Avatar.save({ userId: leaving.userId, expectedVersion: 0, document: sampleAvatar() });
    expect(await rowsOf("focus_sessions", "user_id", leaving.userId)).toBe(1);
    expect(await cdnStatus(late.url!)).toBe(200);

    // Due once every access token issued before the deletion has expired, and a minute more.
    const erasure = await db()
      .selectFrom("account_erasures")
      .select(["requested_at", "final_after"])
      .where("account_id", "=", leaving.userId)
      .executeTakeFirstOrThrow();
    expect(erasure.final_after.getTime() - erasure.requested_at.getTime()).toBe((accessTokenSeconds + 60) * 1000);
    advanceClock(accessTokenSeconds * 1000);
    await Deletion.finishErasures({});
    expect(await lastPassDone(leaving.userId)).toBe(false);
    resetClock();
    await lastPassDue(leaving.userId);
    await Deletion.finishErasures({});
    expect(await lastPassDone(leaving.userId)).toBe(true);
    expect(await rowsOf("focus_sessions", "user_id", leaving.userId)).toBe(0);
    expect(await rowsOf("presence", "user_id", leaving.userId)).toBe(0);
    expect(await rowsOf("avatars", "user_id", leaving.userId)).toBe(0);
    expect(await cdnStatus(late.url!)).toBe(404);
    // Done: later passes do not pick it again.
    const due = await db()
      .selectFrom("account_erasures")
      .select("account_id")
      .where("finished_at", "is", null)
      .where("account_id", "=", leaving.userId)
      .execute();
    expect(due).toEqual([]);
  });

  it("commits even when storage is down, and the last pass removes the content once it is back", async () => {
    const leaving = await person("Unlucky");
    const avatar = await Avatar.save({ userId: leaving.userId, expectedVersion: 0, document: sampleAvatar() });
    await localS3.fault("unavailable");
    await Deletion.deleteAccount({ userId: leaving.userId });
    expect(await rowsOf("profiles", "user_id", leaving.userId)).toBe(0);
    await lastPassDue(leaving.userId);
    expect((await Deletion.finishErasures({})).failed).toBeGreaterThan(0);
    expect(await lastPassDone(leaving.userId)).toBe(false);
    await localS3.fault("none");
    expect(await cdnStatus(avatar.url!)).toBe(200);
    await Deletion.finishErasures({});
    expect(await lastPassDone(leaving.userId)).toBe(true);
    expect(await cdnStatus(avatar.url!)).toBe(404);
  });
});
