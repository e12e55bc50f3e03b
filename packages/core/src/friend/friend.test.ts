import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as Account from "../account";
import * as Cache from "../cache";
import { db } from "../db";
import { rowCounts } from "../db/testing";
import * as Focus from "../focus";
import { newId } from "../id";
import * as Profile from "../profile";
import { insertPeople } from "../profile/testing";
import { trackUsage } from "../usage";
import * as Friend from "./index";
import { befriendAll } from "./testing";

async function person(name?: string) {
  const { userId } = await Account.signup({});
  const me = name ? await Profile.updateMe({ userId, changes: { name } }) : await Profile.getMe({ userId });
  return { userId, friendId: me.friendId, name: me.name };
}

const friendIdsOf = async (userId: string) =>
  (await Friend.listFriends({ userId, limit: 100 })).items.map((item) => item.card.friendId);

describe("friend requests", () => {
  it("become a friendship when the other person accepts", async () => {
    const [alice, bob] = [await person(), await person()];
    expect(await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId })).toEqual({ status: "pending" });
    const { incoming } = await Friend.listRequests({ userId: bob.userId });
    expect(incoming.map((request) => request.person.friendId)).toEqual([alice.friendId]);
    expect((await Friend.listRequests({ userId: alice.userId })).outgoing).toHaveLength(1);
    await Friend.answerRequest({ userId: bob.userId, id: incoming[0]!.id, answer: "accept" });
    expect(await friendIdsOf(alice.userId)).toEqual([bob.friendId]);
    expect(await friendIdsOf(bob.userId)).toEqual([alice.friendId]);
    expect(await Friend.listRequests({ userId: bob.userId })).toEqual({ incoming: [], outgoing: [] });
  });

  it("accepts at once when the other person had asked already", async () => {
    const [alice, bob] = [await person(), await person()];
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    expect(await Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId })).toEqual({ status: "accepted" });
    expect(await friendIdsOf(alice.userId)).toEqual([bob.friendId]);
  });

  it("end in exactly one friendship when both ask at the same moment, many times over", async () => {
    const [alice, bob] = [await person(), await person()];
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        index % 2
          ? Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId })
          : Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId }),
      ).map((sent) => sent.catch((error: { code?: string }) => ({ status: error.code }))),
    );
    const rows = await sql<{ n: string }>`SELECT COUNT(*) AS n FROM friendships
      WHERE user_id IN (${alice.userId}, ${bob.userId})`.execute(db());
    expect(rows.rows[0]?.n, JSON.stringify(outcomes)).toBe("2");
    expect(await Friend.listRequests({ userId: alice.userId })).toEqual({ incoming: [], outgoing: [] });
  });

  it("are answered only by the person they concern", async () => {
    const [alice, bob, eve] = [await person(), await person(), await person()];
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    const id = (await Friend.listRequests({ userId: bob.userId })).incoming[0]!.id;
    const counts = await rowCounts();
    await expect(Friend.answerRequest({ userId: eve.userId, id, answer: "accept" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(Friend.answerRequest({ userId: alice.userId, id, answer: "accept" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(Friend.answerRequest({ userId: bob.userId, id, answer: "cancel" })).rejects.toMatchObject({
      status: 404,
    });
    expect(await rowCounts()).toEqual(counts);
    await Friend.answerRequest({ userId: alice.userId, id, answer: "cancel" });
    expect(await Friend.listRequests({ userId: bob.userId })).toEqual({ incoming: [], outgoing: [] });
  });

  it("refuse befriending yourself and an existing friend", async () => {
    const [alice, bob] = [await person(), await person()];
    await expect(Friend.sendRequest({ userId: alice.userId, friendId: alice.friendId })).rejects.toMatchObject({
      code: "cannot_befriend_self",
    });
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    await Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId });
    await expect(Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId })).rejects.toMatchObject({
      status: 409,
      code: "already_friends",
    });
  });

  it("stop at the pending-request cap", async () => {
    const alice = await person();
    const at = new Date();
    await db()
      .insertInto("friend_requests")
      .values(
        Array.from({ length: Friend.maxOutgoingRequests }, () => {
          const other = newId();
          const [low, high] = alice.userId < other ? [alice.userId, other] : [other, alice.userId];
          return {
            id: newId(),
            from_user_id: alice.userId,
            to_user_id: other,
            pair_low: low,
            pair_high: high,
            created_at: at,
          };
        }),
      )
      .execute();
    const bob = await person();
    await expect(Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId })).rejects.toMatchObject({
      code: "too_many_requests_sent",
    });
  });

  it("stop at the friend cap", async () => {
    const alice = await person();
    const at = new Date();
    await db()
      .insertInto("friendships")
      .values(
        Array.from({ length: Friend.maxFriends }, () => ({ user_id: alice.userId, other_id: newId(), created_at: at })),
      )
      .execute();
    const bob = await person();
    await expect(Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId })).rejects.toMatchObject({
      code: "friend_limit_reached",
    });
  });
});

describe("the friend list", () => {
  it("pages through friends with cards and presence in a fixed number of queries", async () => {
    const alice = await person();
    const friends = await Promise.all(Array.from({ length: 12 }, (_, index) => person(`友達 ${index}`)));
    for (const friend of friends) {
      await Friend.sendRequest({ userId: friend.userId, friendId: alice.friendId });
      await Friend.sendRequest({ userId: alice.userId, friendId: friend.friendId });
    }
    // The cards in memory, as once they were shown.
    await Profile.cardsByUserId({ userIds: friends.map((friend) => friend.userId) });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { usage, result } = trackUsage(() => Friend.listFriends({ userId: alice.userId, limit: 5, cursor }));
      const page = await result;
      // The first page reads the whole list into memory with everyone's presence, in one query;
      // every later page reads its presence.
      expect(usage).toMatchObject({ dbQueries: 1, cacheOps: 0 });
      for (const item of page.items) expect(item.presence).toEqual({ state: "idle" });
      seen.push(...page.items.map((item) => item.card.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(friends.map((friend) => friend.name).sort());
  });

  it("costs the same per page with 500 friends as with 5, and no Momento operation", async () => {
    const costOfPages = async (count: number) => {
      const { userId } = await person();
      const others = await insertPeople(Array.from({ length: count }, (_, index) => `Friend ${index}`));
      await befriendAll(
        userId,
        others.map((other) => other.userId),
      );
      await Cache.lookAtChangesNow();
      const costs: { cold: number; warm: number; cacheOps: number }[] = [];
      let cursor: string | undefined;
      let shown = 0;
      do {
        const cold = trackUsage(() => Friend.listFriends({ userId, limit: 50, cursor }));
        const page = await cold.result;
        const warm = trackUsage(() => Friend.listFriends({ userId, limit: 50, cursor }));
        await warm.result;
        costs.push({
          cold: cold.usage.dbQueries,
          warm: warm.usage.dbQueries,
          cacheOps: cold.usage.cacheOps + warm.usage.cacheOps,
        });
        shown += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const [first, ...rest] = costs.map((cost) => JSON.stringify(cost));
      return { first, rest: new Set(rest), shown };
    };
    const few = await costOfPages(5);
    const many = await costOfPages(500);
    expect(few.shown).toBe(5);
    expect(many.shown).toBe(500);
    // The first page reads the whole list into memory with everyone's presence, then the page's
    // cards; a later page, its presence and cards; a warm page, presence only.
    for (const pages of [few, many]) expect(pages.first).toBe(JSON.stringify({ cold: 2, warm: 1, cacheOps: 0 }));
    expect([...many.rest]).toEqual([JSON.stringify({ cold: 2, warm: 1, cacheOps: 0 })]);
  });

  it("shows a friend as focusing, with the planned end, while their session runs", async () => {
    const [alice, bob] = [await person(), await person()];
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    await Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId });
    const session = await Focus.start({ userId: bob.userId, session: { mode: "pomodoro", plannedMinutes: 25 } });
    const [friend] = (await Friend.listFriends({ userId: alice.userId })).items;
    const endsAt = new Date(new Date(session.startedAt).getTime() + 25 * 60_000).toISOString();
    expect(friend?.presence).toEqual({ state: "focusing", endsAt });
    await Focus.abandon({ userId: bob.userId, sessionId: session.id });
    expect((await Friend.listFriends({ userId: alice.userId })).items[0]?.presence).toEqual({ state: "idle" });
  });

  it("shows presence as it is at each request, never as the list's load read it", async () => {
    const [alice, bob] = [await person(), await person()];
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    await Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId });
    // The load reads the list with Bob idle; the list stays in memory.
    expect((await Friend.listFriends({ userId: alice.userId })).items[0]?.presence).toEqual({ state: "idle" });
    await Focus.start({ userId: bob.userId, session: { mode: "pomodoro", plannedMinutes: 25 } });
    const { usage, result } = trackUsage(() => Friend.listFriends({ userId: alice.userId }));
    expect((await result).items[0]?.presence).toMatchObject({ state: "focusing" });
    expect(usage.dbQueries).toBe(1);
  });

  it("loses a removed or blocking friend at once, though the list was in memory", async () => {
    const [alice, bob, carol] = [await person(), await person(), await person()];
    for (const other of [bob, carol]) {
      await Friend.sendRequest({ userId: alice.userId, friendId: other.friendId });
      await Friend.sendRequest({ userId: other.userId, friendId: alice.friendId });
    }
    expect((await friendIdsOf(alice.userId)).sort()).toEqual([bob.friendId, carol.friendId].sort());
    await Friend.removeFriend({ userId: bob.userId, friendId: alice.friendId });
    expect(await friendIdsOf(alice.userId)).toEqual([carol.friendId]);
    await Friend.block({ userId: carol.userId, friendId: alice.friendId });
    expect(await friendIdsOf(alice.userId)).toEqual([]);
  });

  it("loses a friend on removal, on both sides", async () => {
    const [alice, bob] = [await person(), await person()];
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    await Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId });
    await Friend.removeFriend({ userId: bob.userId, friendId: alice.friendId });
    expect(await friendIdsOf(alice.userId)).toEqual([]);
    await expect(Friend.removeFriend({ userId: bob.userId, friendId: alice.friendId })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("blocks", () => {
  it("end the friendship and hide both people from each other's search and lookup", async () => {
    const alice = await person("ブロック する人");
    const bob = await person("ブロック される人");
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    await Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId });
    await Friend.block({ userId: alice.userId, friendId: bob.friendId });

    expect(await friendIdsOf(alice.userId)).toEqual([]);
    const searchFor = async (viewerId: string) =>
      (await Friend.searchPeople({ viewerId, q: "ブロック" })).items.map((card) => card.friendId);
    expect(await searchFor(alice.userId)).toEqual([alice.friendId]);
    expect(await searchFor(bob.userId)).toEqual([bob.friendId]);
    await expect(Friend.lookUp({ viewerId: bob.userId, friendId: alice.friendId })).rejects.toMatchObject({
      status: 404,
    });
    await expect(Friend.lookUp({ viewerId: alice.userId, friendId: bob.friendId })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("refuse requests between the two either way as if the person did not exist, and write nothing", async () => {
    const [alice, bob] = [await person(), await person()];
    await Friend.block({ userId: bob.userId, friendId: alice.friendId });
    const { rate_limits: _, ...counts } = await rowCounts();
    const notFound = { status: 404, message: "No such user with that Friend ID." };
    await expect(Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId })).rejects.toMatchObject(notFound);
    await expect(Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId })).rejects.toMatchObject(notFound);
    // Only the requests were counted against each one's limit.
    expect(await rowCounts()).toMatchObject(counts);
    expect((await Friend.listRequests({ userId: bob.userId })).incoming).toEqual([]);
  });

  it("cancel pending requests in either direction", async () => {
    const [alice, bob, carol] = [await person(), await person(), await person()];
    await Friend.sendRequest({ userId: alice.userId, friendId: bob.friendId });
    await Friend.sendRequest({ userId: carol.userId, friendId: bob.friendId });
    await Friend.block({ userId: bob.userId, friendId: alice.friendId });
    await Friend.block({ userId: carol.userId, friendId: bob.friendId });
    for (const { userId } of [alice, bob, carol]) {
      expect(await Friend.listRequests({ userId })).toEqual({ incoming: [], outgoing: [] });
    }
  });

  it("are lifted by unblock", async () => {
    const [alice, bob] = [await person(), await person()];
    await Friend.block({ userId: alice.userId, friendId: bob.friendId });
    await Friend.unblock({ userId: alice.userId, friendId: bob.friendId });
    expect(await Friend.lookUp({ viewerId: bob.userId, friendId: alice.friendId })).toMatchObject({
      friendId: alice.friendId,
    });
    expect(await Friend.sendRequest({ userId: bob.userId, friendId: alice.friendId })).toEqual({ status: "pending" });
  });
});
