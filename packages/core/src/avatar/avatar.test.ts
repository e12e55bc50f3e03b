import { afterEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import { databaseState, rowCounts } from "../db/testing";
import * as Friend from "../friend";
import * as Item from "../item";
import * as Profile from "../profile";
import * as Storage from "../storage";
import { localS3 } from "../storage/testing";
import * as Avatar from "./index";
import { sampleAvatar } from "./testing";

afterEach(async () => {
  await localS3.fault("none");
});

async function person() {
  const { userId } = await Account.signup({});
  return { userId, friendId: (await Profile.getMe({ userId })).friendId };
}

async function documentAt(url: string): Promise<unknown> {
  const response = await fetch(url);
  expect(response.headers.get("cache-control")).toBe(Storage.immutableCacheControl);
  return response.json();
}

describe("an avatar", () => {
  it("starts at version 0, and each save publishes an immutable document the profile card points at", async () => {
    const me = await person();
    const viewer = await person();
    expect(await Avatar.get({ userId: me.userId })).toEqual({ version: 0, url: null, updatedAt: null });
    // Looked up (and cached) before the save: the save must not leave the old card behind.
    expect((await Friend.lookUp({ viewerId: viewer.userId, friendId: me.friendId })).avatarUrl).toBeNull();

    const first = await Avatar.save({ userId: me.userId, expectedVersion: 0, document: sampleAvatar() });
    expect(first.version).toBe(1);
    expect(first.url).toMatch(new RegExp(`/avatars/${me.userId}/v1-[0-9a-f]{16}\\.json$`));
    expect(await documentAt(first.url!)).toEqual(sampleAvatar());
    expect(await Avatar.get({ userId: me.userId })).toEqual(first);
    expect((await Friend.lookUp({ viewerId: viewer.userId, friendId: me.friendId })).avatarUrl).toBe(first.url);
    expect((await Profile.getMe({ userId: me.userId })).avatarUrl).toBe(first.url);

    const second = await Avatar.save({
      userId: me.userId,
      expectedVersion: 1,
      document: sampleAvatar({ expression: "sleepy" }),
    });
    expect(second.version).toBe(2);
    expect((await Profile.cardsByUserId({ userIds: [me.userId] })).get(me.userId)?.avatarUrl).toBe(second.url);
  });

  it("refuses a stale version with 412 and the current one, and a first save when one exists", async () => {
    const { userId } = await person();
    await Avatar.save({ userId, expectedVersion: 0, document: sampleAvatar() });
    const counts = await rowCounts();
    await expect(Avatar.save({ userId, expectedVersion: 0, document: sampleAvatar() })).rejects.toMatchObject({
      status: 412,
      fields: { currentVersion: 1 },
    });
    await expect(Avatar.save({ userId, expectedVersion: 7, document: sampleAvatar() })).rejects.toMatchObject({
      status: 412,
      fields: { currentVersion: 1 },
    });
    expect(await rowCounts()).toEqual(counts);
  });

  it("lets exactly one of two concurrent saves win, first save or not", async () => {
    const { userId } = await person();
    for (const expectedVersion of [0, 1]) {
      const results = await Promise.allSettled(
        (["smile", "focused"] as const).map((expression) =>
          Avatar.save({ userId, expectedVersion, document: sampleAvatar({ expression }) }),
        ),
      );
      const won = results.filter((result) => result.status === "fulfilled");
      const lost = results.filter((result) => result.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
        status: 412,
        fields: { currentVersion: expectedVersion + 1 },
      });
      const winner = (won[0] as PromiseFulfilledResult<Avatar.AvatarState>).value;
      expect(await Avatar.get({ userId })).toEqual(winner);
      expect((await Profile.getMe({ userId })).avatarUrl).toBe(winner.url);
    }
  });

  it("keeps the previous version when publishing fails, with a retryable 503", async () => {
    const { userId } = await person();
    const first = await Avatar.save({ userId, expectedVersion: 0, document: sampleAvatar() });
    await localS3.fault("unavailable");
    await expect(
      Avatar.save({ userId, expectedVersion: 1, document: sampleAvatar({ expression: "focused" }) }),
    ).rejects.toMatchObject({ status: 503, code: "storage_unavailable", retryAfter: 2 });
    await localS3.fault("none");
    expect(await Avatar.get({ userId })).toEqual(first);
    expect((await Profile.getMe({ userId })).avatarUrl).toBe(first.url);
  });

  it("may only wear parts its owner owns", async () => {
    const { userId } = await person();
    const document = sampleAvatar({
      parts: [
        { slot: "hair", itemId: "hair-twintails" },
        { slot: "eyes", itemId: "eyes-round" },
      ],
    });
    await expect(Avatar.save({ userId, expectedVersion: 0, document })).rejects.toMatchObject({
      status: 403,
      code: "items_not_owned",
      details: [{ path: "body.parts.0.itemId", message: "hair-twintails is not in your inventory." }],
    });
    await Item.grant({ userId, itemId: "hair-twintails" });
    expect((await Avatar.save({ userId, expectedVersion: 0, document })).version).toBe(1);
  });

  it("wears only avatar parts, each in its own slot: 422 naming the part, and nothing saved", async () => {
    const { userId } = await person();
    const wrong = [
      { case: "an eye part in the hair slot", slot: "hair", itemId: "eyes-round", message: /eyes part.*hair slot/ },
      {
        case: "a desk as an avatar part",
        slot: "accessory",
        itemId: "desk-basic",
        message: /furniture, not an avatar part/,
      },
      { case: "hair in a slot no hair fits", slot: "shoes", itemId: "hair-long", message: /hair part.*shoes slot/ },
    ] as const;
    for (const part of wrong) {
      const document = sampleAvatar({
        parts: [
          { slot: "eyes", itemId: "eyes-round" },
          { slot: part.slot, itemId: part.itemId },
        ],
      });
      const state = await databaseState();
      const error = await Avatar.save({ userId, expectedVersion: 0, document }).catch((caught: unknown) => caught);
      expect(error, part.case).toMatchObject({
        status: 422,
        code: "item_kind_mismatch",
        details: [{ path: "body.parts.1.itemId", message: expect.stringMatching(part.message) }],
      });
      expect(await databaseState(), part.case).toEqual(state);
    }
    expect(await Avatar.get({ userId })).toEqual({ version: 0, url: null, updatedAt: null });
  });

  it("is a strict document: one part per slot, colours as #RRGGBB, no unknown fields", async () => {
    const { userId } = await person();
    const twoHairs = sampleAvatar({
      parts: [
        { slot: "hair", itemId: "hair-short" },
        { slot: "hair", itemId: "hair-long" },
      ],
    });
    await expect(Avatar.save({ userId, expectedVersion: 0, document: twoHairs })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      Avatar.save({ userId, expectedVersion: 0, document: { ...sampleAvatar(), skinColor: "red" } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      Avatar.save({ userId, expectedVersion: 0, document: { ...sampleAvatar(), script: "x" } as never }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe("the avatar URL on cards", () => {
  it("reaches friends in their list, and nobody across a block", async () => {
    const [me, friend, blocked] = [await person(), await person(), await person()];
    await Friend.sendRequest({ userId: me.userId, friendId: friend.friendId });
    await Friend.sendRequest({ userId: friend.userId, friendId: me.friendId });
    const avatar = await Avatar.save({ userId: me.userId, expectedVersion: 0, document: sampleAvatar() });
    const list = await Friend.listFriends({ userId: friend.userId, limit: 10 });
    expect(list.items.map((item) => item.card.avatarUrl)).toEqual([avatar.url]);
    await Friend.block({ userId: me.userId, friendId: blocked.friendId });
    await expect(Friend.lookUp({ viewerId: blocked.userId, friendId: me.friendId })).rejects.toMatchObject({
      status: 404,
    });
    const q = (await Profile.getMe(me)).name;
    const urlsFound = async (viewerId: string) =>
      (await Friend.searchPeople({ viewerId, q, limit: 50 })).items.map((card) => card.avatarUrl);
    expect(await urlsFound(friend.userId)).toContain(avatar.url);
    expect(await urlsFound(blocked.userId)).not.toContain(avatar.url);
  });
});
