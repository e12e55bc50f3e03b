// Friends: requests by Friend ID, the friend list with cards and presence, and blocks. A block
// ends the friendship, hides the two people from each other's search and lookup, and makes
// requests between them vanish without telling the sender.
import type { RawBuilder, SqlBool } from "kysely";
import * as z from "zod/mini";
import * as Block from "../block";
import * as Cache from "../cache";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { Conflict, NotFound } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import * as Limit from "../limit";
import { together } from "../together";
import * as Profile from "../profile";
import * as Space from "../space";
import * as repo from "./repo";
import {
  FriendsQuery,
  type FriendsPage,
  PersonPath,
  RequestPath,
  type RequestLists,
  SendRequestBody,
  type SendResult,
} from "./schema";

export * from "./schema";

export const maxFriends = 500;
export const maxOutgoingRequests = 50;
export const maxIncomingRequests = 200;

/** Above the outgoing cap, so that the cap decides how many wait; the limit stops send-cancel-send loops. */
export const requestLimit: Limit.Rule = {
  name: "friend-request",
  max: 60,
  windowSeconds: 3600,
  what: "friend requests",
};
/** Blocks and unblocks together. */
export const blockLimit: Limit.Rule = { name: "block", max: 60, windowSeconds: 3600, what: "blocks and unblocks" };
/** About one search a second, which a client that searches as the person types stays under. */
export const searchLimit: Limit.Rule = { name: "search", max: 60, windowSeconds: 60, what: "searches" };

const friendListTopic = "friend:list";

/**
 * Everyone's whole friend list (at most `maxFriends` ids, in id order), kept in the Lambda's
 * memory: a friend list page then costs one query, for presence. Every change of a friendship
 * invalidates both people's lists in its transaction. The query that loads a list reads every
 * friend's presence too, so that a page whose list was not in memory costs that one query
 * (and one for cards not in memory) instead of another for presence.
 */
const friendLists = Cache.memo<FriendList>({
  topic: friendListTopic,
  ttlSeconds: 600,
  maxEntries: 20_000,
  load: async (userIds) => {
    // On the monotonic clock, before the query: the app's clock may stand still in tests.
    const readAt = performance.now();
    const lists = new Map<string, Required<FriendList>>(
      userIds.map((userId) => [userId, { friends: [], presenceAtLoad: { rows: [], readAt } }]),
    );
    const rows = await repo.listAllFriendsWithPresence(db(), userIds, Space.presenceTable(db()));
    for (const { presence, ...friend } of rows) {
      const list = lists.get(friend.user_id)!;
      list.friends.push(friend);
      if (presence) list.presenceAtLoad.rows.push(presence);
    }
    return lists;
  },
});

interface FriendList {
  friends: { user_id: string; other_id: string; created_at: Date }[];
  /**
   * The friends' presence rows as the load read them, on the monotonic clock: fresh for the
   * requests that were waiting on that load, never for a later one. Dropped once used.
   */
  presenceAtLoad?: { rows: Space.PresenceRow[]; readAt: number };
}

/**
 * Starts every transaction that changes these people's friendships or requests: their friend
 * lists' invalidation rows are the locks, taken in id order in one statement. Such transactions
 * take turns per person (what one reads after this, the others committed) and never deadlock on
 * each other, and whatever one changes, every Lambda forgets both lists once it commits, without a
 * statement of its own.
 */
async function lockFriendLists(tx: Executor, ...userIds: string[]): Promise<void> {
  await Cache.invalidate(tx, friendListTopic, [...new Set(userIds)].sort());
}

/** A card as `viewerId` may see it: people who blocked each other do not find each other. */
export const lookUp = fn(
  z.extend(PersonPath, { viewerId: Id }),
  async ({ viewerId, friendId }): Promise<Profile.Card> => {
    const found = await Profile.resolveFriendId({ friendId });
    if (!found || (await Block.isHidden({ userId: viewerId, otherId: found.userId }))) {
      throw new NotFound("user with that Friend ID");
    }
    return found.card;
  },
);

/**
 * Who the person with `friendId` is to `viewerId`, for content shown by visibility (rooms):
 * unknown, or blocked either way, is a 404 as in lookUp. Whether the two are friends is a
 * condition for the caller's query of that content, so that it costs no query of its own.
 */
export const relationTo = fn(
  z.extend(PersonPath, { viewerId: Id }),
  async ({ viewerId, friendId }): Promise<Relation> => {
    const userId = await Profile.ownerOfFriendId({ friendId });
    if (!userId || (await Block.isHidden({ userId: viewerId, otherId: userId }))) {
      throw new NotFound("user with that Friend ID");
    }
    if (userId === viewerId) return { userId, relation: "self" };
    return { userId, relation: "other", areFriends: repo.friendsCondition(viewerId, userId) };
  },
);

export type Relation =
  { userId: string; relation: "self" } | { userId: string; relation: "other"; areFriends: RawBuilder<SqlBool> };

/** Name search as `viewerId` sees it: without the people they blocked or were blocked by. */
export const searchPeople = fn(
  z.extend(Profile.SearchQuery, { viewerId: Id }),
  async ({ viewerId, ...query }): Promise<Profile.SearchPage> => {
    await Limit.take(searchLimit, viewerId);
    return Profile.search({ ...query, viewerId });
  },
);

/**
 * The person acted on (a request, a block): only who they are, which a warm Lambda knows without
 * a query. Looked up while the caller's limit is counted (`together`): the limit still answers
 * first when both fail, and a refused request never gets further.
 */
async function personByFriendId(friendId: string): Promise<string> {
  const userId = await Profile.ownerOfFriendId({ friendId });
  if (!userId) throw new NotFound("user with that Friend ID");
  return userId;
}

/**
 * Asks someone to be friends. If they already asked us, this accepts. Both people are locked
 * first (lockFriendLists), so requests and answers touching either person take turns: the caps
 * counted after the lock hold however many race, and two people asking each other at the same
 * moment make one friendship (the second finds the first's request and accepts it).
 */
export const sendRequest = fn(
  z.extend(SendRequestBody, { userId: Id }),
  async ({ userId, friendId }): Promise<SendResult> => {
    const [, targetId] = await together(Limit.take(requestLimit, userId), personByFriendId(friendId));
    if (targetId === userId) throw new Conflict("You cannot befriend yourself.", "cannot_befriend_self");
    return transaction((tx) => requestOrAccept(tx, userId, targetId));
  },
);

async function requestOrAccept(tx: Executor, userId: string, otherId: string): Promise<SendResult> {
  await lockFriendLists(tx, userId, otherId);
  const state = await repo.findPairState(tx, userId, otherId, Block.blockedBetween(userId, otherId));
  // Across a block, either way, the person is not there, as lookUp answers (rolled back: nothing written).
  if (state.blocked) throw new NotFound("user with that Friend ID");
  if (state.friends) throw new Conflict("You are friends already.", "already_friends");
  if (state.pending?.fromUserId === userId) return { status: "pending" };
  if (state.pending) {
    if (state.friendsOfUser >= maxFriends || state.friendsOfOther >= maxFriends) throw friendLimitReached();
    await repo.insertFriendships(tx, [{ a: userId, b: otherId }], now());
    await repo.deleteRequest(tx, state.pending.id);
    return { status: "accepted" };
  }
  if (state.friendsOfUser >= maxFriends) throw friendLimitReached();
  if (state.sentByUser >= maxOutgoingRequests) {
    throw new Conflict(`You have ${maxOutgoingRequests} requests waiting already.`, "too_many_requests_sent");
  }
  if (state.receivedByOther >= maxIncomingRequests) {
    throw new Conflict("This person has too many requests waiting.", "recipient_requests_full");
  }
  await repo.insertRequest(tx, { id: newId(), from: userId, to: otherId, at: now() });
  return { status: "pending" };
}

function friendLimitReached(): Conflict {
  return new Conflict(`A friend list holds at most ${maxFriends} people.`, "friend_limit_reached");
}

export const listRequests = fn(z.object({ userId: Id }), async ({ userId }): Promise<RequestLists> => {
  const rows = await repo.listRequests(db(), userId, { incoming: maxIncomingRequests, outgoing: maxOutgoingRequests });
  const otherOf = (row: (typeof rows)[number]) => (row.from_user_id === userId ? row.to_user_id : row.from_user_id);
  const cards = await Profile.cardsByUserId({ userIds: rows.map(otherOf) });
  const lists: RequestLists = { incoming: [], outgoing: [] };
  for (const row of rows) {
    const person = cards.get(otherOf(row));
    if (!person) continue;
    const list = row.to_user_id === userId ? lists.incoming : lists.outgoing;
    list.push({ id: row.id, person, createdAt: row.created_at.toISOString() });
  }
  return lists;
});

/**
 * Accept, decline (the recipient) or cancel (the sender); anyone else is told there is no such
 * request. Under the lock on both people, like a request: an accept's friendship is inserted only
 * while neither list is full, counted after every earlier change to them committed.
 */
export const answerRequest = fn(
  z.extend(RequestPath, { userId: Id, answer: z.enum(["accept", "decline", "cancel"]) }),
  async ({ userId, id, answer }): Promise<void> => {
    const found = await repo.findRequest(db(), id);
    const mine = answer === "cancel" ? found?.from_user_id === userId : found?.to_user_id === userId;
    if (!found || !mine) throw new NotFound("friend request", id);
    await transaction(async (tx) => {
      await lockFriendLists(tx, found.from_user_id, found.to_user_id);
      // Under the lock: another answer may have taken the request since it was read.
      if (!(await repo.deleteRequest(tx, id))) throw new NotFound("friend request", id);
      if (answer !== "accept") return;
      // No block between the two: a block deletes their request under the same lock.
      const { from_user_id: from, to_user_id: to } = found;
      if (!(await repo.befriendUnlessFull(tx, to, from, maxFriends, now()))) throw friendLimitReached();
    });
  },
);

const FriendsAfter = z.tuple([Id]);

/**
 * A page of friends with their cards and presence: one query (presence) when the list and cards
 * are in memory, two at most (the list with everyone's presence, then the cards not in memory).
 */
export const listFriends = fn(
  z.extend(FriendsQuery, { userId: Id }),
  async ({ userId, cursor, limit }): Promise<FriendsPage> => {
    const after = cursor === undefined ? undefined : decodeCursor(FriendsAfter, cursor)[0];
    const asked = performance.now();
    const list = (await friendLists.get(userId))!;
    const following = after === undefined ? list.friends : list.friends.filter((row) => row.other_id > after);
    const { page, nextCursor } = pageOf(following, limit, (row) => [row.other_id]);
    const ids = page.map((row) => row.other_id);
    const [cards, presence] = await Promise.all([
      Profile.cardsByUserId({ userIds: ids }),
      presenceNow(list, ids, asked),
    ]);
    const items = page.flatMap((row) => {
      const card = cards.get(row.other_id);
      const state = presence.get(row.other_id) ?? { state: "idle" as const };
      return card ? [{ card, presence: state, since: row.created_at.toISOString() }] : [];
    });
    return { items, nextCursor };
  },
);

/** The presence the list's load read, if it read it after `asked` (this request's start); else read now. */
async function presenceNow(list: FriendList, ids: string[], asked: number): Promise<Map<string, Space.Presence>> {
  const loaded = list.presenceAtLoad;
  if (loaded === undefined || loaded.readAt < asked) return Space.presenceOf({ userIds: ids });
  list.presenceAtLoad = undefined;
  return Space.presenceFromRows(ids, loaded.rows);
}

export const removeFriend = fn(z.extend(PersonPath, { userId: Id }), async ({ userId, friendId }): Promise<void> => {
  const otherId = await personByFriendId(friendId);
  await transaction(async (tx) => {
    await lockFriendLists(tx, userId, otherId);
    if (!(await repo.deleteFriendship(tx, userId, otherId))) throw new NotFound("friend");
  });
});

export const block = fn(z.extend(PersonPath, { userId: Id }), async ({ userId, friendId }): Promise<void> => {
  const [, otherId] = await together(Limit.take(blockLimit, userId), personByFriendId(friendId));
  if (otherId === userId) throw new Conflict("You cannot block yourself.", "cannot_block_self");
  await transaction(async (tx) => {
    await lockFriendLists(tx, userId, otherId);
    await Block.addWithin(tx, userId, otherId);
    await repo.deleteFriendship(tx, userId, otherId);
    await repo.deleteRequestBetween(tx, userId, otherId);
  });
});

/**
 * Called by account deletion inside its transaction, under the person's lock: their friendships
 * (both sides), the requests they sent and received, and the lock row this module kept before
 * 2026-12 go; both sides' friend lists are forgotten by every Lambda.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await lockFriendLists(executor, userId);
  const friends = (await repo.listAllFriends(executor, [userId])).map((row) => row.other_id);
  await repo.deleteFriendshipsOf(executor, userId, friends);
  await repo.deleteRequestsOf(executor, userId);
  await repo.deleteLegacyLock(executor, userId);
  await Cache.invalidate(executor, friendListTopic, friends);
}

export const unblock = fn(z.extend(PersonPath, { userId: Id }), async ({ userId, friendId }): Promise<void> => {
  const [, otherId] = await together(Limit.take(blockLimit, userId), personByFriendId(friendId));
  await transaction((tx) => Block.removeWithin(tx, userId, otherId));
});
