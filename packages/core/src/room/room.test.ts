import { afterEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import { databaseState, rowCounts } from "../db/testing";
import * as Friend from "../friend";
import * as Item from "../item";
import * as Profile from "../profile";
import * as Sticker from "../sticker";
import { publishedSticker } from "../sticker/testing";
import * as Storage from "../storage";
import { localS3 } from "../storage/testing";
import * as Room from "./index";
import { sampleRoom } from "./testing";

afterEach(async () => {
  await localS3.fault("none");
});

async function person() {
  const { userId } = await Account.signup({});
  return { userId, friendId: (await Profile.getMe({ userId })).friendId };
}

async function published(url: string): Promise<{ status: number; cacheControl: string | null; body: unknown }> {
  const response = await fetch(url);
  const text = await response.text();
  return {
    status: response.status,
    cacheControl: response.headers.get("cache-control"),
    body: response.ok ? JSON.parse(text) : undefined,
  };
}

const newRoom = (userId: string, extra: Partial<Parameters<typeof Room.create>[0]> = {}) =>
  Room.create({ userId, name: "Study", visibility: "public", document: sampleRoom(), ...extra });

describe("a room", () => {
  it("is published to the CDN as an immutable document, then listed with its URL", async () => {
    const { userId } = await person();
    const document = sampleRoom(20);
    const room = await Room.create({ userId, name: "  勉強部屋 ", visibility: "friends", document });
    expect(room).toMatchObject({ name: "勉強部屋", visibility: "friends", version: 1 });
    expect(room.url).toMatch(new RegExp(`/rooms/${room.id}/v1-[0-9a-f]{16}\\.json$`));
    expect(await published(room.url)).toEqual({
      status: 200,
      cacheControl: Storage.immutableCacheControl,
      body: document,
    });
    expect(await Room.listMine({ userId })).toEqual({ items: [room] });
    expect(await Room.get({ userId, roomId: room.id })).toEqual(room);
  });

  it("saves over the version it names; the old version stays readable where it was", async () => {
    const { userId } = await person();
    const first = await newRoom(userId);
    const document = sampleRoom(7, { lighting: "night" });
    const second = await Room.save({
      userId,
      roomId: first.id,
      expectedVersion: 1,
      name: "Night",
      visibility: "private",
      document,
    });
    expect(second).toMatchObject({ id: first.id, version: 2, name: "Night", visibility: "private" });
    expect((await published(second.url)).body).toEqual(document);
    expect((await published(first.url)).body).toEqual(sampleRoom());
    expect(await Room.get({ userId, roomId: first.id })).toEqual(second);
  });

  it("refuses a stale version with 412 and the current one, publishing and writing nothing", async () => {
    const { userId } = await person();
    const room = await newRoom(userId);
    await Room.save({
      userId,
      roomId: room.id,
      expectedVersion: 1,
      name: "B",
      visibility: "public",
      document: sampleRoom(),
    });
    const counts = await rowCounts();
    await expect(
      Room.save({
        userId,
        roomId: room.id,
        expectedVersion: 1,
        name: "C",
        visibility: "public",
        document: sampleRoom(9),
      }),
    ).rejects.toMatchObject({ status: 412, code: "version_mismatch", fields: { currentVersion: 2 } });
    expect(await rowCounts()).toEqual(counts);
    expect((await Room.get({ userId, roomId: room.id })).name).toBe("B");
  });

  it("lets exactly one of two saves from the same version win; the CDN serves the winner's document", async () => {
    const { userId } = await person();
    const room = await newRoom(userId);
    const documents = [sampleRoom(4, { lighting: "day" }), sampleRoom(6, { lighting: "night" })];
    const results = await Promise.allSettled(
      documents.map((document, i) =>
        Room.save({ userId, roomId: room.id, expectedVersion: 1, name: `Save ${i}`, visibility: "public", document }),
      ),
    );
    const won = results.flatMap((result, i) => (result.status === "fulfilled" ? [{ room: result.value, i }] : []));
    const lost = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ status: 412, fields: { currentVersion: 2 } });
    const current = await Room.get({ userId, roomId: room.id });
    expect(current).toEqual(won[0]!.room);
    expect((await published(current.url)).body).toEqual(documents[won[0]!.i]);
  });

  it("keeps the previous version current when publishing fails, and answers a retryable 503", async () => {
    const { userId } = await person();
    const room = await newRoom(userId);
    await localS3.fault("unavailable");
    await expect(
      Room.save({
        userId,
        roomId: room.id,
        expectedVersion: 1,
        name: "X",
        visibility: "public",
        document: sampleRoom(8),
      }),
    ).rejects.toMatchObject({ status: 503, code: "storage_unavailable", retryAfter: 2 });
    await expect(newRoom(userId)).rejects.toMatchObject({ status: 503 });
    await localS3.fault("none");
    expect(await Room.listMine({ userId })).toEqual({ items: [room] });
    expect((await published(room.url)).body).toEqual(sampleRoom());
    // The retry goes through.
    const retried = await Room.save({
      userId,
      roomId: room.id,
      expectedVersion: 1,
      name: "X",
      visibility: "public",
      document: sampleRoom(8),
    });
    expect(retried.version).toBe(2);
  });

  it("may only place furniture its owner owns, checked in one query for the whole room", async () => {
    const { userId } = await person();
    const document = sampleRoom(3);
    document.furniture.push(
      { itemId: "desk-oak", x: 5, y: 0, z: 5, rotation: 0 },
      { itemId: "no-such-item", x: 6, y: 0, z: 5, rotation: 0 },
    );
    const counts = await rowCounts();
    await expect(Room.create({ userId, name: "R", visibility: "public", document })).rejects.toMatchObject({
      status: 403,
      code: "items_not_owned",
      details: [
        { path: "body.document.furniture.3.itemId", message: "desk-oak is not in your inventory." },
        { path: "body.document.furniture.4.itemId", message: "no-such-item is not in your inventory." },
      ],
    });
    expect(await rowCounts()).toEqual(counts);
    await Item.grant({ userId, itemId: "desk-oak" });
    document.furniture.pop();
    expect((await Room.create({ userId, name: "R", visibility: "public", document })).version).toBe(1);
  });

  it("hangs its owner's published posters, their image URLs in the published document", async () => {
    const { userId } = await person();
    const other = await person();
    await Item.grant({ userId, itemId: "poster-frame" });
    const poster = await publishedSticker(userId, "poster");
    const sticker = await publishedSticker(userId, "sticker");
    const strangers = await publishedSticker(other.userId, "poster");
    const withPoster = (posterId: string) =>
      sampleRoom(2, {
        furniture: [
          { itemId: "desk-basic", x: 0, y: 0, z: 0, rotation: 0 },
          { itemId: "poster-frame", x: 3, y: 2, z: 0, rotation: 0, posterId },
        ],
      });
    const room = await Room.create({ userId, name: "Gallery", visibility: "public", document: withPoster(poster.id) });
    const served = (await published(room.url)).body as { furniture: { posterId?: string; posterUrl?: string }[] };
    expect(served.furniture[1]).toMatchObject({ posterId: poster.id, posterUrl: poster.url });
    for (const posterId of [sticker.id, strangers.id]) {
      await expect(
        Room.create({ userId, name: "G", visibility: "public", document: withPoster(posterId) }),
      ).rejects.toMatchObject({
        status: 403,
        code: "posters_not_available",
        details: [
          { path: "body.document.furniture.1.posterId", message: `${posterId} is not one of your published posters.` },
        ],
      });
    }
    // A poster moderators hid cannot be hung again.
    await Sticker.hide({ stickerId: poster.id, reason: "Not allowed." });
    await expect(
      Room.save({
        userId,
        roomId: room.id,
        expectedVersion: 1,
        name: "G",
        visibility: "public",
        document: withPoster(poster.id),
      }),
    ).rejects.toMatchObject({ status: 403, code: "posters_not_available" });
  });

  it("holds only furniture, and shows posters only on poster or monitor furniture: 422, nothing saved", async () => {
    const { userId } = await person();
    await Item.grant({ userId, itemId: "monitor-wide" });
    const poster = await publishedSticker(userId, "poster");
    const room = await newRoom(userId);
    const piece = { x: 1, y: 0, z: 1, rotation: 0 } as const;
    const wrong = [
      {
        case: "hair as furniture",
        furniture: { ...piece, itemId: "hair-short" },
        code: "item_kind_mismatch",
        path: "body.document.furniture.0.itemId",
      },
      {
        case: "a poster on a desk",
        furniture: { ...piece, itemId: "desk-basic", posterId: poster.id },
        code: "poster_not_allowed",
        path: "body.document.furniture.0.posterId",
      },
    ];
    for (const attempt of wrong) {
      const document = sampleRoom(0, { furniture: [attempt.furniture] });
      const state = await databaseState();
      for (const save of [
        () => Room.create({ userId, name: "Wrong", visibility: "public", document }),
        () => Room.save({ userId, roomId: room.id, expectedVersion: 1, name: "Wrong", visibility: "public", document }),
      ]) {
        const error = await save().catch((caught: unknown) => caught);
        expect(error, attempt.case).toMatchObject({
          status: 422,
          code: attempt.code,
          details: [{ path: attempt.path }],
        });
      }
      expect(await databaseState(), attempt.case).toEqual(state);
    }
    // The same poster on a monitor is fine.
    const onMonitor = sampleRoom(0, { furniture: [{ ...piece, itemId: "monitor-wide", posterId: poster.id }] });
    expect(
      (
        await Room.save({
          userId,
          roomId: room.id,
          expectedVersion: 1,
          name: "Desk",
          visibility: "public",
          document: onMonitor,
        })
      ).version,
    ).toBe(2);
  });

  it(`is one of at most ${Room.maxRooms} per person`, async () => {
    const { userId } = await person();
    for (let i = 0; i < Room.maxRooms; i++) await newRoom(userId, { name: `Room ${i}` });
    await expect(newRoom(userId)).rejects.toMatchObject({ status: 409, code: "room_limit_reached" });
    expect((await Room.listMine({ userId })).items).toHaveLength(Room.maxRooms);
  });

  it("belongs to its owner: others get 404 for reading, saving and deleting it", async () => {
    const owner = await person();
    const other = await person();
    const room = await newRoom(owner.userId);
    const save = {
      roomId: room.id,
      expectedVersion: 1,
      name: "Mine",
      visibility: "public",
      document: sampleRoom(),
    } as const;
    await expect(Room.get({ userId: other.userId, roomId: room.id })).rejects.toMatchObject({ status: 404 });
    await expect(Room.save({ userId: other.userId, ...save })).rejects.toMatchObject({ status: 404 });
    await expect(Room.remove({ userId: other.userId, roomId: room.id })).rejects.toMatchObject({ status: 404 });
    await Room.remove({ userId: owner.userId, roomId: room.id });
    expect(await Room.listMine({ userId: owner.userId })).toEqual({ items: [] });
  });
});

describe("visiting someone's rooms", () => {
  it("shows public rooms to anyone, friends' rooms to friends, everything to the owner, nothing across a block", async () => {
    const [owner, friend, stranger, blocked] = [await person(), await person(), await person(), await person()];
    await Friend.sendRequest({ userId: owner.userId, friendId: friend.friendId });
    await Friend.sendRequest({ userId: friend.userId, friendId: owner.friendId });
    const rooms = {
      private: await newRoom(owner.userId, { name: "Private", visibility: "private" }),
      friends: await newRoom(owner.userId, { name: "Friends", visibility: "friends" }),
      public: await newRoom(owner.userId, { name: "Public", visibility: "public" }),
    };
    const visible = async (viewerId: string) =>
      (await Room.listVisible({ viewerId, friendId: owner.friendId })).items.map((room) => room.name);
    expect(await visible(owner.userId)).toEqual(["Private", "Friends", "Public"]);
    expect(await visible(friend.userId)).toEqual(["Friends", "Public"]);
    expect(await visible(stranger.userId)).toEqual(["Public"]);
    expect(await visible(blocked.userId)).toEqual(["Public"]);
    await Friend.block({ userId: owner.userId, friendId: blocked.friendId });
    await expect(Room.listVisible({ viewerId: blocked.userId, friendId: owner.friendId })).rejects.toMatchObject({
      status: 404,
    });
    // Either side of a block: the owner does not see the blocked person's rooms either.
    await newRoom(blocked.userId);
    await expect(Room.listVisible({ viewerId: owner.userId, friendId: blocked.friendId })).rejects.toMatchObject({
      status: 404,
    });
    // A room made private leaves the friend's view at once.
    await Room.save({
      userId: owner.userId,
      roomId: rooms.friends.id,
      expectedVersion: 1,
      name: "Friends",
      visibility: "private",
      document: sampleRoom(),
    });
    expect(await visible(friend.userId)).toEqual(["Public"]);
    expect(rooms.public.url).toContain("/rooms/");
    // A friendship ended ends the friend's view at once too.
    await Room.save({
      userId: owner.userId,
      roomId: rooms.friends.id,
      expectedVersion: 2,
      name: "Friends",
      visibility: "friends",
      document: sampleRoom(),
    });
    expect(await visible(friend.userId)).toEqual(["Friends", "Public"]);
    await Friend.removeFriend({ userId: friend.userId, friendId: owner.friendId });
    expect(await visible(friend.userId)).toEqual(["Public"]);
  });
});
