import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as Account from "../account";
import { db } from "../db";
import { AppError } from "../error";
import { newId } from "../id";
import * as Profile from "../profile";
import { insertPeople } from "../profile/testing";
import * as Friend from "./index";
import { befriendAll } from "./testing";

async function person() {
  const { userId } = await Account.signup({});
  return { userId, friendId: (await Profile.getMe({ userId })).friendId };
}

/** The outcome of each call: its result's status, or the error's code; anything but an app error fails the test. */
async function outcomes(calls: Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === "fulfilled") return (result.value as { status?: string } | undefined)?.status ?? "done";
    if (!(result.reason instanceof AppError) || result.reason.status >= 500) throw result.reason;
    return result.reason.code;
  });
}

function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

async function count(query: ReturnType<typeof sql<{ n: string }>>): Promise<number> {
  return Number((await query.execute(db())).rows[0]!.n);
}

const pendingFrom = (userId: string) =>
  count(sql<{ n: string }>`SELECT COUNT(*) AS n FROM friend_requests WHERE from_user_id = ${userId}`);
const pendingTo = (userId: string) =>
  count(sql<{ n: string }>`SELECT COUNT(*) AS n FROM friend_requests WHERE to_user_id = ${userId}`);
const friendsOf = (userId: string) =>
  count(sql<{ n: string }>`SELECT COUNT(*) AS n FROM friendships WHERE user_id = ${userId}`);

/** Pending requests from each of `senders` to `userId`, written as sendRequest writes them. */
async function requestsTo(userId: string, senders: string[]): Promise<void> {
  const at = new Date();
  await db()
    .insertInto("friend_requests")
    .values(
      senders.map((from) => ({
        id: newId(),
        from_user_id: from,
        to_user_id: userId,
        pair_low: from < userId ? from : userId,
        pair_high: from < userId ? userId : from,
        created_at: at,
      })),
    )
    .execute();
}

describe("caps, with more requests at once than each allows", () => {
  it(`60 requests at once from one person leave ${Friend.maxOutgoingRequests} pending`, async () => {
    const sender = await person();
    const others = await insertPeople(Array.from({ length: 60 }, (_, index) => `Fan-out ${index}`));
    const answers = await outcomes(
      others.map((other) => Friend.sendRequest({ userId: sender.userId, friendId: other.friendId })),
    );
    expect(tally(answers)).toEqual({ pending: Friend.maxOutgoingRequests, too_many_requests_sent: 10 });
    expect(await pendingFrom(sender.userId)).toBe(Friend.maxOutgoingRequests);
  });

  it(`${Friend.maxIncomingRequests + 10} requests at once to one person leave ${Friend.maxIncomingRequests} pending`, async () => {
    const recipient = await person();
    const senders = await insertPeople(
      Array.from({ length: Friend.maxIncomingRequests + 10 }, (_, index) => `Sender ${index}`),
    );
    const answers = await outcomes(
      senders.map((sender) => Friend.sendRequest({ userId: sender.userId, friendId: recipient.friendId })),
    );
    expect(tally(answers)).toEqual({ pending: Friend.maxIncomingRequests, recipient_requests_full: 10 });
    expect(await pendingTo(recipient.userId)).toBe(Friend.maxIncomingRequests);
  });

  it(`someone with ${Friend.maxFriends - 1} friends accepting 6 at once ends with ${Friend.maxFriends}`, async () => {
    const popular = await person();
    const friends = await insertPeople(Array.from({ length: Friend.maxFriends - 1 }, (_, index) => `Friend ${index}`));
    await befriendAll(
      popular.userId,
      friends.map((friend) => friend.userId),
    );
    const askers = await insertPeople(Array.from({ length: 6 }, (_, index) => `Asker ${index}`));
    await requestsTo(
      popular.userId,
      askers.map((asker) => asker.userId),
    );
    const { incoming } = await Friend.listRequests({ userId: popular.userId });
    expect(incoming).toHaveLength(6);
    const answers = await outcomes(
      incoming.map((request) => Friend.answerRequest({ userId: popular.userId, id: request.id, answer: "accept" })),
    );
    expect(tally(answers)).toEqual({ done: 1, friend_limit_reached: 5 });
    expect(await friendsOf(popular.userId)).toBe(Friend.maxFriends);
  });

  it(`someone with ${Friend.maxFriends - 1} friends asking 6 people who had asked them ends with ${Friend.maxFriends}`, async () => {
    const popular = await person();
    const friends = await insertPeople(Array.from({ length: Friend.maxFriends - 1 }, (_, index) => `Friend ${index}`));
    await befriendAll(
      popular.userId,
      friends.map((friend) => friend.userId),
    );
    const askers = await insertPeople(Array.from({ length: 6 }, (_, index) => `Asker ${index}`));
    await requestsTo(
      popular.userId,
      askers.map((asker) => asker.userId),
    );
    const answers = await outcomes(
      askers.map((asker) => Friend.sendRequest({ userId: popular.userId, friendId: asker.friendId })),
    );
    expect(tally(answers)).toEqual({ accepted: 1, friend_limit_reached: 5 });
    expect(await friendsOf(popular.userId)).toBe(Friend.maxFriends);
  });
});

describe("people asking each other at the same moment", () => {
  it("make one friendship per pair, 15 pairs at once, and leave no request", async () => {
    const pairs = await Promise.all(Array.from({ length: 15 }, async () => [await person(), await person()] as const));
    const answers = await outcomes(
      pairs.flatMap(([a, b]) => [
        Friend.sendRequest({ userId: a.userId, friendId: b.friendId }),
        Friend.sendRequest({ userId: b.userId, friendId: a.friendId }),
      ]),
    );
    expect(tally(answers)).toEqual({ pending: 15, accepted: 15 });
    for (const [a, b] of pairs) {
      expect(await friendsOf(a.userId)).toBe(1);
      expect(await friendsOf(b.userId)).toBe(1);
      expect(await pendingFrom(a.userId)).toBe(0);
      expect(await pendingFrom(b.userId)).toBe(0);
    }
  });
});

describe("a block and a request at the same moment", () => {
  it("never leave a request between the two, 20 pairs at once, whichever lands first", async () => {
    const pairs = await Promise.all(Array.from({ length: 20 }, async () => [await person(), await person()] as const));
    const answers = await outcomes(
      pairs.flatMap(([sender, recipient]) => [
        Friend.sendRequest({ userId: sender.userId, friendId: recipient.friendId }),
        Friend.block({ userId: recipient.userId, friendId: sender.friendId }),
      ]),
    );
    // A request that lost the race is refused as if the recipient did not exist; one that won is removed by the block.
    expect(answers.every((answer) => ["pending", "done", "not_found"].includes(answer))).toBe(true);
    for (const [sender] of pairs) expect(await pendingFrom(sender.userId)).toBe(0);
  });
});
