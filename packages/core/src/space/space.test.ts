import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import { freshMomentoEachTest, localMomento } from "../cache/testing";
import { advanceClock, now } from "../clock";
import { db, transaction } from "../db";
import { newId } from "../id";
import * as Friend from "../friend";
import * as Profile from "../profile";
import { trackUsage } from "../usage";
import * as Space from "./index";

async function newSpace(options: { capacity?: number; status?: "open" | "closed" } = {}): Promise<string> {
  const slug = `test-${newId().toLowerCase()}`;
  const { id } = await transaction((tx) =>
    Space.createWithin(tx, {
      slug,
      name: `Test ${slug.slice(-4)}`,
      capacity: options.capacity ?? 10,
    }),
  );
  if (options.status === "closed") await transaction((tx) => Space.updateWithin(tx, { spaceId: id, status: "closed" }));
  return id;
}

async function person(name?: string): Promise<string> {
  const { userId } = await Account.signup({});
  if (name) await Profile.updateMe({ userId, changes: { name } });
  return userId;
}

async function friendIdOf(userId: string): Promise<string> {
  return (await Profile.getMe({ userId })).friendId;
}

/** Occupancy as the list shows it once the shared counts have been refreshed. */
async function occupancyOf(spaceId: string): Promise<number | undefined> {
  advanceClock(Space.timing.sharedSeconds * 1000);
  return (await Space.listSpaces({})).items.find((space) => space.id === spaceId)?.occupancy;
}

async function presenceOf(userId: string) {
  return (await Space.presenceOf({ userIds: [userId] })).get(userId);
}

async function memberNames(spaceId: string, viewerId: string): Promise<string[]> {
  return (await Space.members({ spaceId, viewerId })).items.map((card) => card.name).sort();
}

const minute = 60 * 1000;

beforeEach(freshMomentoEachTest.before);
afterEach(freshMomentoEachTest.after);

describe("presence", () => {
  it("reads as idle for someone who never focused or sat anywhere", async () => {
    const userId = await person();
    expect(await presenceOf(userId)).toEqual({ state: "idle" });
  });

  it("shows a timed focus session until its end, a count-up one without an end, and idle once cleared", async () => {
    const [timed, countUp] = await Promise.all([person(), person()]);
    const endsAt = new Date(now().getTime() + 25 * minute);
    await Space.recordFocusWithin(db(), timed, { endsAt, until: endsAt });
    await Space.recordFocusWithin(db(), countUp, { endsAt: null, until: new Date(now().getTime() + 360 * minute) });
    const presence = await Space.presenceOf({ userIds: [timed, countUp] });
    expect(presence.get(timed)).toEqual({ state: "focusing", endsAt: endsAt.toISOString() });
    expect(presence.get(countUp)).toEqual({ state: "focusing", endsAt: null });

    advanceClock(25 * minute);
    expect(await presenceOf(timed)).toEqual({ state: "idle" });
    await Space.clearFocusWithin(db(), countUp);
    expect(await presenceOf(countUp)).toEqual({ state: "idle" });
  });

  it("reads any number of people in one query and no Momento operation", async () => {
    const userIds = await Promise.all(Array.from({ length: 8 }, () => person()));
    await Space.recordFocusWithin(db(), userIds[0]!, { endsAt: null, until: new Date(now().getTime() + minute) });
    const { usage, result } = trackUsage(() => Space.presenceOf({ userIds }));
    expect((await result).size).toBe(8);
    expect(usage).toMatchObject({ dbQueries: 1, cacheOps: 0 });
  });

  it("keeps someone focusing after they leave a space", async () => {
    const spaceId = await newSpace();
    const userId = await person();
    await Space.recordFocusWithin(db(), userId, { endsAt: null, until: new Date(now().getTime() + 60 * minute) });
    await Space.join({ userId, spaceId });
    expect(await presenceOf(userId)).toEqual({ state: "in_space", spaceId });
    await Space.leave({ userId, spaceId });
    expect(await presenceOf(userId)).toEqual({ state: "focusing", endsAt: null });
    await Space.join({ userId, spaceId });
    advanceClock(Space.timing.memberTtlSeconds * 1000);
    expect(await presenceOf(userId)).toEqual({ state: "focusing", endsAt: null });
  });

  it("stays right while Momento is unavailable or throttling", async () => {
    const spaceId = await newSpace();
    const [sitting, focusing] = await Promise.all([person(), person()]);
    await localMomento.fault("unavailable");
    await Space.join({ userId: sitting, spaceId });
    await Space.recordFocusWithin(db(), focusing, { endsAt: null, until: new Date(now().getTime() + minute) });
    expect(await presenceOf(sitting)).toEqual({ state: "in_space", spaceId });
    expect(await occupancyOf(spaceId)).toBe(1);
    // A limit of one operation a second: Momento refuses nearly everything.
    await localMomento.fault("none");
    await localMomento.limit(1);
    advanceClock(20_000);
    expect((await Space.heartbeat({ userId: sitting, spaceId })).occupancy).toBe(1);
    expect(await presenceOf(focusing)).toEqual({ state: "focusing", endsAt: null });
    expect(await occupancyOf(spaceId)).toBe(1);
    expect(await memberNames(spaceId, focusing)).toHaveLength(1);
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
    expect(await presenceOf(aoi)).toEqual({ state: "in_space", spaceId });
    expect(await occupancyOf(spaceId)).toBe(2);

    advanceClock(40_000);
    expect((await Space.heartbeat({ userId: aoi, spaceId })).occupancy).toBe(2);
    await Space.leave({ userId: ren, spaceId });
    expect(await occupancyOf(spaceId)).toBe(1);
    expect(await presenceOf(ren)).toEqual({ state: "idle" });
  });

  it("drops members who stop sending heartbeats after the member TTL", async () => {
    const spaceId = await newSpace();
    const [stays, goes] = await Promise.all([person("Stays"), person("Goes")]);
    await Space.join({ userId: stays, spaceId });
    await Space.join({ userId: goes, spaceId });
    advanceClock(40_000);
    await Space.heartbeat({ userId: stays, spaceId });
    advanceClock(40_000);
    await Space.heartbeat({ userId: stays, spaceId });
    expect(await presenceOf(goes)).toEqual({ state: "idle" });
    expect(await occupancyOf(spaceId)).toBe(1);
    expect(await memberNames(spaceId, stays)).toEqual(["Stays"]);

    advanceClock(61_000);
    expect(await occupancyOf(spaceId)).toBe(0);
    expect(await memberNames(spaceId, stays)).toEqual([]);
  });

  it("refuses a heartbeat without a live seat with 409 not_in_space, and seats nobody", async () => {
    const [spaceId, otherSpaceId] = await Promise.all([newSpace(), newSpace()]);
    const [never, left, expired, elsewhere] = await Promise.all([person(), person(), person(), person()]);
    await Space.join({ userId: left, spaceId });
    await Space.leave({ userId: left, spaceId });
    await Space.join({ userId: expired, spaceId });
    await Space.join({ userId: elsewhere, spaceId: otherSpaceId });
    advanceClock(Space.timing.memberTtlSeconds * 1000);
    await Space.join({ userId: elsewhere, spaceId: otherSpaceId });

    for (const userId of [never, left, expired, elsewhere]) {
      await expect(Space.heartbeat({ userId, spaceId })).rejects.toMatchObject({ status: 409, code: "not_in_space" });
    }
    expect(await occupancyOf(spaceId)).toBe(0);
    expect(await presenceOf(never)).toEqual({ state: "idle" });
    expect(await presenceOf(elsewhere)).toEqual({ state: "in_space", spaceId: otherSpaceId });
  });

  it("refuses a join over the capacity with 409 space_full, and takes one once a seat frees", async () => {
    const spaceId = await newSpace({ capacity: 2 });
    const [first, second, third] = await Promise.all([person(), person(), person()]);
    await Space.join({ userId: first, spaceId });
    await Space.join({ userId: second, spaceId });
    await expect(Space.join({ userId: third, spaceId })).rejects.toMatchObject({ status: 409, code: "space_full" });
    expect(await occupancyOf(spaceId)).toBe(2);
    expect(await presenceOf(third)).toEqual({ state: "idle" });
    // Someone already inside may join again.
    expect((await Space.join({ userId: second, spaceId })).occupancy).toBe(2);
    await Space.leave({ userId: first, spaceId });
    expect((await Space.join({ userId: third, spaceId })).occupancy).toBe(2);
  });

  it("seats exactly its capacity when four times as many join at once", async () => {
    const spaceId = await newSpace({ capacity: 5 });
    const people = await Promise.all(Array.from({ length: 20 }, () => person()));
    const outcomes = await Promise.allSettled(people.map((userId) => Space.join({ userId, spaceId })));
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(outcomes.length - refused.length).toBe(5);
    for (const outcome of refused) expect(outcome.reason).toMatchObject({ status: 409, code: "space_full" });
    expect(await occupancyOf(spaceId)).toBe(5);
    expect((await Space.members({ spaceId, viewerId: people[0]!, limit: 50 })).items).toHaveLength(5);
  });

  it("leaves the first space when joining a second", async () => {
    const [first, second] = await Promise.all([newSpace(), newSpace()]);
    const userId = await person();
    await Space.join({ userId, spaceId: first });
    await Space.join({ userId, spaceId: second });
    expect(await occupancyOf(first)).toBe(0);
    expect(await occupancyOf(second)).toBe(1);
    expect(await memberNames(first, userId)).toEqual([]);
    expect(await presenceOf(userId)).toEqual({ state: "in_space", spaceId: second });
  });

  it("gives 404 for an unknown or closed space, and lets people leave a closed one", async () => {
    const [spaceId, closing] = await Promise.all([newSpace(), newSpace()]);
    const userId = await person();
    await Space.join({ userId, spaceId: closing });
    await transaction((tx) => Space.updateWithin(tx, { spaceId: closing, status: "closed" }));
    await expect(Space.join({ userId, spaceId: newId() })).rejects.toMatchObject({ status: 404 });
    await expect(Space.join({ userId, spaceId: closing })).rejects.toMatchObject({ status: 404 });
    await expect(Space.heartbeat({ userId, spaceId: closing })).rejects.toMatchObject({ status: 404 });
    await expect(Space.members({ spaceId: closing, viewerId: userId })).rejects.toMatchObject({ status: 404 });
    await expect(Space.leave({ userId, spaceId: newId() })).rejects.toMatchObject({ status: 404 });
    await Space.leave({ userId, spaceId: closing });
    await Space.leave({ userId, spaceId });
    expect((await Space.listSpaces({})).items.map((space) => space.id)).not.toContain(closing);
  });

  it("pages through the members' cards, each exactly once", async () => {
    const spaceId = await newSpace();
    const names = ["さくら", "Ren", "ゆうき", "Mei", "カイ"];
    const userIds = await Promise.all(names.map((name) => person(name)));
    for (const userId of userIds) await Space.join({ userId, spaceId });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await Space.members({ spaceId, viewerId: userIds[0]!, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((card) => card.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...names].sort());
  });

  it("never shows people across a block, in either direction", async () => {
    const spaceId = await newSpace();
    const [blocker, blocked, bystander] = await Promise.all([
      person("Blocker"),
      person("Blocked"),
      person("Bystander"),
    ]);
    for (const userId of [blocker, blocked, bystander]) await Space.join({ userId, spaceId });
    await Friend.block({ userId: blocker, friendId: await friendIdOf(blocked) });
    expect(await memberNames(spaceId, blocker)).toEqual(["Blocker", "Bystander"]);
    expect(await memberNames(spaceId, blocked)).toEqual(["Blocked", "Bystander"]);
    expect(await memberNames(spaceId, bystander)).toEqual(["Blocked", "Blocker", "Bystander"]);
  });

  it("lists the members of a full space in as many queries as an empty one", async () => {
    const [full, empty] = await Promise.all([newSpace({ capacity: 60 }), newSpace({ capacity: 60 })]);
    const people = await Promise.all(Array.from({ length: 60 }, () => person()));
    for (const userId of people) await Space.join({ userId, spaceId: full });
    const viewer = people[0]!;
    await Space.listSpaces({});
    const cost = async (spaceId: string) => {
      const { usage, result } = trackUsage(() => Space.members({ spaceId, viewerId: viewer, limit: 50 }));
      await result;
      return usage;
    };
    // Cold: the seats, the viewer's blocks, the page's cards. Warm: from memory.
    expect(await cost(full)).toMatchObject({ dbQueries: 3, cacheOps: 0 });
    expect(await cost(empty)).toMatchObject({ dbQueries: 1, cacheOps: 0 });
    expect(await cost(full)).toMatchObject({ dbQueries: 0, cacheOps: 0 });
    expect(await cost(empty)).toMatchObject({ dbQueries: 0, cacheOps: 0 });
  });

  it("costs one query and no Momento operation per heartbeat on a warm Lambda", async () => {
    const spaceId = await newSpace();
    const userId = await person();
    await Space.join({ userId, spaceId });
    await Space.heartbeat({ userId, spaceId });
    const { usage, result } = trackUsage(() => Space.heartbeat({ userId, spaceId }));
    await result;
    expect(usage).toMatchObject({ dbQueries: 1, cacheOps: 0 });
  });

  it("refuses a forged members cursor", async () => {
    const viewerId = await person();
    await expect(
      Space.members({ spaceId: await newSpace(), viewerId, cursor: "bm90LWEtY3Vyc29y" }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
