// Friends: requests by Friend ID, the friend list with cards and presence, and blocks. A block
// ends the friendship, hides the two people from each other's search and lookup, and makes
// requests between them vanish without telling the sender.
import * as z from "zod/mini";
import * as Block from "../block";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { Conflict, NotFound } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import * as Limit from "../limit";
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
 * unknown, or blocked either way, is a 404 as in lookUp.
 */
export const relationTo = fn(
  z.extend(PersonPath, { viewerId: Id }),
  async ({ viewerId, friendId }): Promise<{ userId: string; relation: "self" | "friend" | "other" }> => {
    const found = await Profile.resolveFriendId({ friendId });
    if (!found || (await Block.isHidden({ userId: viewerId, otherId: found.userId }))) {
      throw new NotFound("user with that Friend ID");
    }
    if (found.userId === viewerId) return { userId: found.userId, relation: "self" };
    return { userId: found.userId, relation: (await repo.isFriend(db(), viewerId, found.userId)) ? "friend" : "other" };
  },
);

/** Name search as `viewerId` sees it: without the people they blocked or were blocked by. */
export const searchPeople = fn(
  z.extend(Profile.SearchQuery, { viewerId: Id }),
  async ({ viewerId, ...query }): Promise<Profile.SearchPage> => {
    await Limit.take(searchLimit, viewerId);
    return Profile.search({ ...query, hidden: await Block.hiddenFrom({ userId: viewerId }) });
  },
);

async function personByFriendId(friendId: string): Promise<{ userId: string; card: Profile.Card }> {
  const found = await Profile.resolveFriendId({ friendId });
  if (!found) throw new NotFound("user with that Friend ID");
  return found;
}

/**
 * Asks someone to be friends. If they already asked us, this accepts. Two people asking each
 * other at the same moment meet on the pair's unique key: one insert loses, retries, finds the
 * other's request and accepts it, so there is one friendship and no request left.
 */
export const sendRequest = fn(
  z.extend(SendRequestBody, { userId: Id }),
  async ({ userId, friendId }): Promise<SendResult> => {
    await Limit.take(requestLimit, userId);
    const target = await personByFriendId(friendId);
    if (target.userId === userId) throw new Conflict("You cannot befriend yourself.", "cannot_befriend_self");
    if (await Block.isHidden({ userId, otherId: target.userId })) return { status: "pending" };
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction((tx) => requestOrAccept(tx, userId, target.userId));
      } catch (error) {
        if (isDuplicateKey(error) && attempt < 5) continue;
        throw error;
      }
    }
  },
);

async function requestOrAccept(tx: Executor, userId: string, otherId: string): Promise<SendResult> {
  // The pair's lock first: it orders every request and answer between these two people, and
  // the friendship check after it (a locking read) sees what the one before us committed.
  const pending = await repo.findRequestBetween(tx, userId, otherId);
  if (await repo.areFriends(tx, userId, otherId)) throw new Conflict("You are friends already.", "already_friends");
  if (pending?.from_user_id === userId) return { status: "pending" };
  if (pending) {
    await befriend(tx, userId, otherId);
    await repo.deleteRequest(tx, pending.id);
    return { status: "accepted" };
  }
  await ensureRoomForFriend(tx, userId);
  if ((await repo.countPending(tx, "from_user_id", userId)) >= maxOutgoingRequests) {
    throw new Conflict(`You have ${maxOutgoingRequests} requests waiting already.`, "too_many_requests_sent");
  }
  if ((await repo.countPending(tx, "to_user_id", otherId)) >= maxIncomingRequests) {
    throw new Conflict("This person has too many requests waiting.", "recipient_requests_full");
  }
  await repo.insertRequest(tx, { id: newId(), from: userId, to: otherId, at: now() });
  return { status: "pending" };
}

async function ensureRoomForFriend(tx: Executor, ...userIds: string[]) {
  for (const userId of userIds) {
    if ((await repo.countFriends(tx, userId)) >= maxFriends) {
      throw new Conflict(`A friend list holds at most ${maxFriends} people.`, "friend_limit_reached");
    }
  }
}

async function befriend(tx: Executor, a: string, b: string) {
  await ensureRoomForFriend(tx, a, b);
  await repo.insertFriendships(tx, [{ a, b }], now());
}

export const listRequests = fn(z.object({ userId: Id }), async ({ userId }): Promise<RequestLists> => {
  const rows = await repo.listRequests(db(), userId);
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

/** Accept, decline (the recipient) or cancel (the sender); anyone else is told there is no such request. */
export const answerRequest = fn(
  z.extend(RequestPath, { userId: Id, answer: z.enum(["accept", "decline", "cancel"]) }),
  async ({ userId, id, answer }): Promise<void> => {
    await transaction(async (tx) => {
      const request = await repo.findRequest(tx, id, { forUpdate: true });
      const mine = answer === "cancel" ? request?.from_user_id === userId : request?.to_user_id === userId;
      if (!request || !mine) throw new NotFound("friend request", id);
      if (answer === "accept") await befriend(tx, request.from_user_id, request.to_user_id);
      await repo.deleteRequest(tx, request.id);
    });
  },
);

const FriendsAfter = z.tuple([Id]);

/** A page of friends with their cards and presence: two queries, the cards from memory when warm. */
export const listFriends = fn(
  z.extend(FriendsQuery, { userId: Id }),
  async ({ userId, cursor, limit }): Promise<FriendsPage> => {
    const after = cursor === undefined ? undefined : decodeCursor(FriendsAfter, cursor)[0];
    const rows = await repo.listFriends(db(), userId, after, limit);
    const { page, nextCursor } = pageOf(rows, limit, (row) => [row.other_id]);
    const ids = page.map((row) => row.other_id);
    const [cards, presence] = await Promise.all([
      Profile.cardsByUserId({ userIds: ids }),
      Space.presenceOf({ userIds: ids }),
    ]);
    const items = page.flatMap((row) => {
      const card = cards.get(row.other_id);
      const state = presence.get(row.other_id) ?? { state: "idle" as const };
      return card ? [{ card, presence: state, since: row.created_at.toISOString() }] : [];
    });
    return { items, nextCursor };
  },
);

export const removeFriend = fn(z.extend(PersonPath, { userId: Id }), async ({ userId, friendId }): Promise<void> => {
  const other = await personByFriendId(friendId);
  if (!(await repo.deleteFriendship(db(), userId, other.userId))) throw new NotFound("friend");
});

export const block = fn(z.extend(PersonPath, { userId: Id }), async ({ userId, friendId }): Promise<void> => {
  await Limit.take(blockLimit, userId);
  const other = await personByFriendId(friendId);
  if (other.userId === userId) throw new Conflict("You cannot block yourself.", "cannot_block_self");
  await transaction(async (tx) => {
    await Block.addWithin(tx, userId, other.userId);
    await repo.deleteFriendship(tx, userId, other.userId);
    await repo.deleteRequestBetween(tx, userId, other.userId);
  });
});

export const unblock = fn(z.extend(PersonPath, { userId: Id }), async ({ userId, friendId }): Promise<void> => {
  await Limit.take(blockLimit, userId);
  const other = await personByFriendId(friendId);
  await transaction((tx) => Block.removeWithin(tx, userId, other.userId));
});
