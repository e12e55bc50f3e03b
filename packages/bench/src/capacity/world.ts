// The people of a capacity run, made the way the app makes them: real accounts, friend lists
// of 50 (each person befriends the 25 after them on a ring), seats in a few spaces, and a
// running focus session each.
import * as Account from "@gogh/core/account";
import { transaction } from "@gogh/core/db";
import * as Focus from "@gogh/core/focus";
import { backdateSession } from "@gogh/core/focus/testing";
import { befriendAll } from "@gogh/core/friend/testing";
import * as Profile from "@gogh/core/profile";
import * as Space from "@gogh/core/space";
import { friendsPerPerson } from "./model";

export interface Person {
  index: number;
  userId: string;
  friendId: string;
  accessToken: string;
  spaceId: string;
  sessionId: string;
}

export interface World {
  people: Person[];
  spaceIds: string[];
  /** Friends of person i: the 25 before and the 25 after on the ring. */
  friendsOf(index: number): Person[];
}

const peoplePerSpace = 100;

/** Runs `work` over `items`, `width` at a time. */
export async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    results.push(...(await Promise.all(items.slice(start, start + width).map(work))));
  }
  return results;
}

export async function buildWorld(count: number, label: string): Promise<World> {
  if (count <= friendsPerPerson) throw new Error(`a capacity run needs more than ${friendsPerPerson} people`);
  const accounts = await inBatches(
    Array.from({ length: count }, (_, index) => index),
    16,
    () => Account.signup({}),
  );
  const userIds = accounts.map((account) => account.userId);
  const cards = new Map<string, Profile.Card>();
  for (let start = 0; start < userIds.length; start += 500) {
    for (const [userId, card] of await Profile.cardsByUserId({ userIds: userIds.slice(start, start + 500) }))
      cards.set(userId, card);
  }

  const half = friendsPerPerson / 2;
  await inBatches(userIds, 8, (userId) => {
    const index = userIds.indexOf(userId);
    const after = Array.from({ length: half }, (_, step) => userIds[(index + step + 1) % count]!);
    return befriendAll(userId, after);
  });

  const spaceIds = await inBatches(
    Array.from({ length: Math.ceil(count / peoplePerSpace) }, (_, index) => index),
    1,
    async (index) =>
      (
        await transaction((tx) =>
          Space.createWithin(tx, {
            slug: `capacity-${label}-${index}`,
            name: `Capacity ${index + 1}`,
            capacity: peoplePerSpace * 2,
          }),
        )
      ).id,
  );

  const people = await inBatches(accounts, 16, async (account) => {
    const index = userIds.indexOf(account.userId);
    const spaceId = spaceIds[index % spaceIds.length]!;
    await Space.join({ userId: account.userId, spaceId });
    const session = await Focus.start({ userId: account.userId, session: { mode: "pomodoro", plannedMinutes: 25 } });
    // Started a pomodoro ago, so that the run's finish pays as a real one would (the server pays
    // only for time that passed on its clock).
    await backdateSession(session.id, 25);
    return {
      index,
      userId: account.userId,
      friendId: cards.get(account.userId)!.friendId,
      accessToken: account.accessToken,
      spaceId,
      sessionId: session.id,
    };
  });

  return {
    people,
    spaceIds,
    friendsOf: (index) =>
      Array.from({ length: friendsPerPerson }, (_, step) => {
        const offset = step < half ? step + 1 : half - step - 1;
        return people[(index + offset + count) % count]!;
      }),
  };
}
