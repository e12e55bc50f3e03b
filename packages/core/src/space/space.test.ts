import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Account from "../account";
import { HttpCache } from "../cache/http";
import { localMomento } from "../cache/testing";
import { advanceClock, now, resetClock } from "../clock";
import { db } from "../db";
import { newId } from "../id";
import * as Profile from "../profile";
import { trackUsage } from "../usage";
import * as Space from "./index";

async function newSpace(options: { capacity?: number; status?: "open" | "closed" } = {}): Promise<string> {
  const id = newId();
  await db()
    .insertInto("spaces")
    .values({
      id,
      slug: `test-${id.toLowerCase()}`,
      name: `Test ${id.slice(-4)}`,
      capacity: options.capacity ?? 10,
      status: options.status ?? "open",
      created_at: now(),
    })
    .execute();
  return id;
}

async function person(name?: string): Promise<string> {
  const { userId } = await Account.signup({});
  if (name) await Profile.updateMe({ userId, changes: { name } });
  return userId;
}

async function occupancyOf(spaceId: string): Promise<number | undefined> {
  return (await Space.listSpaces({})).items.find((space) => space.id === spaceId)?.occupancy;
}

beforeEach(() => localMomento.restore());

afterEach(async () => {
  resetClock();
  vi.restoreAllMocks();
  await localMomento.restore();
});

describe("presence", () => {
  it("reads as idle for someone the cache has never seen", async () => {
    const userId = await person();
    expect((await Space.presenceOf({ userIds: [userId] })).get(userId)).toEqual({ state: "idle" });
  });

  it("shows a timed focus session, a count-up one, and idle again", async () => {
    const [timed, countUp] = await Promise.all([person(), person()]);
    const endsAt = new Date(now().getTime() + 25 * 60 * 1000);
    await Space.setFocusing({ userId: timed, endsAt });
    await Space.setFocusing({ userId: countUp, endsAt: null });
    const presence = await Space.presenceOf({ userIds: [timed, countUp] });
    expect(presence.get(timed)).toEqual({ state: "focusing", endsAt: endsAt.toISOString() });
    expect(presence.get(countUp)).toEqual({ state: "focusing", endsAt: null });
    await Space.setIdle({ userId: timed });
    expect((await Space.presenceOf({ userIds: [timed] })).get(timed)).toEqual({ state: "idle" });
  });

  it("expires with the cache TTL when a timed session ends", async () => {
    const userId = await person();
    await Space.setFocusing({ userId, endsAt: new Date(now().getTime() + 1000) });
    expect((await Space.presenceOf({ userIds: [userId] })).get(userId)?.state).toBe("focusing");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await Space.presenceOf({ userIds: [userId] })).get(userId)).toEqual({ state: "idle" });
  });

  it("reads any number of people in one batch call", async () => {
    const userIds = await Promise.all(Array.from({ length: 8 }, () => person()));
    await Space.setFocusing({ userId: userIds[0]!, endsAt: null });
    const getMany = vi.spyOn(HttpCache.prototype, "getMany");
    const get = vi.spyOn(HttpCache.prototype, "get");
    const { usage, result } = trackUsage(() => Space.presenceOf({ userIds }));
    const presence = await result;
    expect(presence.size).toBe(8);
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(getMany.mock.calls[0]![0]).toHaveLength(8);
    expect(get).toHaveBeenCalledTimes(8); // HTTP has no batch: the one batch fans out inside the backend
    // Momento bills a batch read per key; the layer counts it so.
    expect(usage.cacheOps).toBe(8);
  });

  it("reads everyone as idle when the cache is unavailable", async () => {
    const userId = await person();
    await Space.setFocusing({ userId, endsAt: null });
    await localMomento.fault("unavailable");
    expect((await Space.presenceOf({ userIds: [userId] })).get(userId)).toEqual({ state: "idle" });
  });
});

describe("spaces", () => {
  it("lists the seeded open spaces, Japanese names included", async () => {
    const names = (await Space.listSpaces({})).items.map((space) => space.name);
    expect(names).toEqual(expect.arrayContaining(["Library", "Cafe", "Night owls", "図書館"]));
  });

  it("joins, keeps the seat with heartbeats, and leaves", async () => {
    const spaceId = await newSpace();
    const [aoi, ren] = await Promise.all([person(), person()]);
    expect(await Space.join({ userId: aoi, spaceId })).toEqual({ spaceId, occupancy: 1, heartbeatSeconds: 30 });
    expect((await Space.join({ userId: ren, spaceId })).occupancy).toBe(2);
    expect((await Space.presenceOf({ userIds: [aoi] })).get(aoi)).toEqual({ state: "in_space", spaceId });
    expect(await occupancyOf(spaceId)).toBe(2);

    advanceClock(40_000);
    expect((await Space.heartbeat({ userId: aoi, spaceId })).occupancy).toBe(2);
    await Space.leave({ userId: ren, spaceId });
    expect(await occupancyOf(spaceId)).toBe(1);
    expect((await Space.presenceOf({ userIds: [ren] })).get(ren)).toEqual({ state: "idle" });
  });

  it("drops members who stop sending heartbeats after the member TTL", async () => {
    const spaceId = await newSpace();
    const [stays, goes] = await Promise.all([person(), person()]);
    await Space.join({ userId: stays, spaceId });
    await Space.join({ userId: goes, spaceId });
    advanceClock(40_000);
    await Space.heartbeat({ userId: stays, spaceId });
    advanceClock(40_000);
    expect((await Space.heartbeat({ userId: stays, spaceId })).occupancy).toBe(1);
    expect((await Space.presenceOf({ userIds: [goes] })).get(goes)).toEqual({ state: "idle" });
    expect((await Space.members({ spaceId })).items).toHaveLength(1);

    advanceClock(61_000);
    expect(await occupancyOf(spaceId)).toBe(0);
    expect((await Space.members({ spaceId })).items).toEqual([]);
    // A late heartbeat sits the person down again.
    expect((await Space.heartbeat({ userId: goes, spaceId })).occupancy).toBe(1);
  });

  it("refuses a join over the capacity with 409 space_full, and takes one once a seat frees", async () => {
    const spaceId = await newSpace({ capacity: 2 });
    const [first, second, third] = await Promise.all([person(), person(), person()]);
    await Space.join({ userId: first, spaceId });
    await Space.join({ userId: second, spaceId });
    await expect(Space.join({ userId: third, spaceId })).rejects.toMatchObject({ status: 409, code: "space_full" });
    expect(await occupancyOf(spaceId)).toBe(2);
    expect((await Space.presenceOf({ userIds: [third] })).get(third)).toEqual({ state: "idle" });
    // Someone already inside may join again.
    expect((await Space.join({ userId: second, spaceId })).occupancy).toBe(2);
    await Space.leave({ userId: first, spaceId });
    expect((await Space.join({ userId: third, spaceId })).occupancy).toBe(2);
  });

  it("never overfills a space under concurrent joins", async () => {
    const spaceId = await newSpace({ capacity: 3 });
    const people = await Promise.all(Array.from({ length: 6 }, () => person()));
    await Promise.allSettled(people.map((userId) => Space.join({ userId, spaceId })));
    expect(await occupancyOf(spaceId)).toBeLessThanOrEqual(3);
    expect((await Space.members({ spaceId })).items.length).toBeLessThanOrEqual(3);
  });

  it("leaves the first space when joining a second", async () => {
    const [first, second] = await Promise.all([newSpace(), newSpace()]);
    const userId = await person();
    await Space.join({ userId, spaceId: first });
    await Space.join({ userId, spaceId: second });
    expect(await occupancyOf(first)).toBe(0);
    expect(await occupancyOf(second)).toBe(1);
    expect((await Space.members({ spaceId: first })).items).toEqual([]);
    expect((await Space.presenceOf({ userIds: [userId] })).get(userId)).toEqual({
      state: "in_space",
      spaceId: second,
    });
  });

  it("gives 404 for an unknown or closed space", async () => {
    const closed = await newSpace({ status: "closed" });
    const userId = await person();
    await expect(Space.join({ userId, spaceId: newId() })).rejects.toMatchObject({ status: 404 });
    await expect(Space.join({ userId, spaceId: closed })).rejects.toMatchObject({ status: 404 });
    await expect(Space.members({ spaceId: closed })).rejects.toMatchObject({ status: 404 });
    expect((await Space.listSpaces({})).items.map((space) => space.id)).not.toContain(closed);
  });

  it("pages through the members' cards, each exactly once", async () => {
    const spaceId = await newSpace();
    const names = ["さくら", "Ren", "ゆうき", "Mei", "カイ"];
    const userIds = await Promise.all(names.map((name) => person(name)));
    for (const userId of userIds) await Space.join({ userId, spaceId });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await Space.members({ spaceId, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((card) => card.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...names].sort());
  });

  it("refuses a forged members cursor", async () => {
    await expect(Space.members({ spaceId: await newSpace(), cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({
      status: 400,
    });
  });
});
