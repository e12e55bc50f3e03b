import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Executor } from "../db";
import { forceIndex } from "../db/force-index";
import type * as Space from "../space";

export function pairOf(a: string, b: string): { low: string; high: string } {
  return a < b ? { low: a, high: b } : { low: b, high: a };
}

export interface PairState {
  /** Either blocked the other. */
  blocked: boolean;
  friends: boolean;
  /** The request between the two, in either direction. */
  pending: { id: string; fromUserId: string } | undefined;
  friendsOfUser: number;
  friendsOfOther: number;
  sentByUser: number;
  receivedByOther: number;
}

/**
 * Everything a request or an answer between two people decides on, in one query of index
 * lookups; `blocked` is the block module's condition on the two (Block.blockedBetween), false
 * when not given.
 */
export async function findPairState(
  db: Executor,
  userId: string,
  otherId: string,
  blocked: RawBuilder<SqlBool> = sql<SqlBool>`FALSE`,
): Promise<PairState> {
  const { low, high } = pairOf(userId, otherId);
  const { rows } = await sql<{
    blocked: string | number;
    friends: string | number;
    pending_id: string | null;
    pending_from: string | null;
    friends_of_user: string | number;
    friends_of_other: string | number;
    sent_by_user: string | number;
    received_by_other: string | number;
  }>`
    SELECT
      ${blocked} AS blocked,
      (SELECT COUNT(*) FROM friendships WHERE user_id = ${userId} AND other_id = ${otherId}) AS friends,
      (SELECT id FROM friend_requests WHERE pair_low = ${low} AND pair_high = ${high}) AS pending_id,
      (SELECT from_user_id FROM friend_requests WHERE pair_low = ${low} AND pair_high = ${high}) AS pending_from,
      (SELECT COUNT(*) FROM friendships WHERE user_id = ${userId}) AS friends_of_user,
      (SELECT COUNT(*) FROM friendships WHERE user_id = ${otherId}) AS friends_of_other,
      (SELECT COUNT(*) FROM friend_requests WHERE from_user_id = ${userId}) AS sent_by_user,
      (SELECT COUNT(*) FROM friend_requests WHERE to_user_id = ${otherId}) AS received_by_other`.execute(db);
  const row = rows[0]!;
  return {
    blocked: Number(row.blocked) > 0,
    friends: Number(row.friends) > 0,
    pending:
      row.pending_id === null || row.pending_from === null
        ? undefined
        : { id: row.pending_id, fromUserId: row.pending_from },
    friendsOfUser: Number(row.friends_of_user),
    friendsOfOther: Number(row.friends_of_other),
    sentByUser: Number(row.sent_by_user),
    receivedByOther: Number(row.received_by_other),
  };
}

/** Whether `userId` has `otherId` as a friend, as a condition for another module's query: one primary-key probe. */
export function friendsCondition(userId: string, otherId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM friendships WHERE user_id = ${userId} AND other_id = ${otherId})`;
}

/**
 * Makes `a` and `b` friends unless either has `max` friends already (false then), in one
 * statement: under both people's locks the counts cannot change between its check and its insert.
 */
export async function befriendUnlessFull(db: Executor, a: string, b: string, max: number, at: Date): Promise<boolean> {
  const result = await sql`
    INSERT INTO friendships (user_id, other_id, created_at)
    SELECT pair.user_id, pair.other_id, ${at}
    FROM (SELECT ${a} AS user_id, ${b} AS other_id UNION ALL SELECT ${b}, ${a}) AS pair
    WHERE (SELECT COUNT(*) FROM friendships WHERE user_id = ${a}) < ${max}
      AND (SELECT COUNT(*) FROM friendships WHERE user_id = ${b}) < ${max}`.execute(db);
  return result.numAffectedRows !== 0n;
}

/** Both sides of each pair, in one statement. */
export async function insertFriendships(db: Executor, pairs: { a: string; b: string }[], at: Date) {
  await db
    .insertInto("friendships")
    .values(
      pairs.flatMap(({ a, b }) => [
        { user_id: a, other_id: b, created_at: at },
        { user_id: b, other_id: a, created_at: at },
      ]),
    )
    .execute();
}

/** Both sides; false when they were not friends. */
export async function deleteFriendship(db: Executor, a: string, b: string): Promise<boolean> {
  const result = await db
    .deleteFrom("friendships")
    .where((eb) =>
      eb.or([
        eb.and([eb("user_id", "=", a), eb("other_id", "=", b)]),
        eb.and([eb("user_id", "=", b), eb("other_id", "=", a)]),
      ]),
    )
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Every friendship of `userId`, both sides (`friends` are the other sides, read first): by primary key. */
export async function deleteFriendshipsOf(db: Executor, userId: string, friends: string[]) {
  await db.deleteFrom("friendships").where("user_id", "=", userId).execute();
  if (friends.length === 0) return;
  await db.deleteFrom("friendships").where("user_id", "in", friends).where("other_id", "=", userId).execute();
}

/** Every request `userId` sent or received, each direction on its own index. */
export async function deleteRequestsOf(db: Executor, userId: string) {
  await db.deleteFrom("friend_requests").where("from_user_id", "=", userId).execute();
  await db.deleteFrom("friend_requests").where("to_user_id", "=", userId).execute();
}

/** The lock row this module kept before its locks became the friend lists' invalidation rows. */
export async function deleteLegacyLock(db: Executor, userId: string) {
  await db.deleteFrom("friend_locks").where("user_id", "=", userId).execute();
}

/**
 * The whole friend lists of a few people (each at most the friend cap), in id order, each friend
 * with their presence row (null: never present) joined from `presence` (Space.presenceTable):
 * one primary-key lookup a friend, in the same query.
 */
export async function listAllFriendsWithPresence(
  db: Executor,
  userIds: string[],
  presence: ReturnType<typeof Space.presenceTable>,
) {
  const rows = await db
    .selectFrom("friendships as f")
    .leftJoin(presence, (join) => join.onRef("presence.user_id", "=", "f.other_id"))
    .select([
      "f.user_id",
      "f.other_id",
      "f.created_at",
      "presence.user_id as present_user_id",
      "presence.space_id",
      "presence.seat_until",
      "presence.focus_until",
      "presence.focus_ends_at",
    ])
    .where("f.user_id", "in", userIds)
    .orderBy("f.user_id")
    .orderBy("f.other_id")
    .execute();
  return rows.map(({ present_user_id, space_id, seat_until, focus_until, focus_ends_at, ...friendship }) => ({
    ...friendship,
    presence:
      present_user_id === null ? null : { user_id: present_user_id, space_id, seat_until, focus_until, focus_ends_at },
  }));
}

/** The whole friend lists of a few people (each at most the friend cap), in id order. */
export async function listAllFriends(db: Executor, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom("friendships")
    .select(["user_id", "other_id", "created_at"])
    .where("user_id", "in", userIds)
    .orderBy("user_id")
    .orderBy("other_id")
    .execute();
}

const requestColumns = ["id", "from_user_id", "to_user_id", "created_at"] as const;

export async function findRequest(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let select = db.selectFrom("friend_requests").select(requestColumns).where("id", "=", id);
  if (options.forUpdate) select = select.forUpdate();
  return select.executeTakeFirst();
}

export async function insertRequest(db: Executor, row: { id: string; from: string; to: string; at: Date }) {
  const { low, high } = pairOf(row.from, row.to);
  await db
    .insertInto("friend_requests")
    .values({
      id: row.id,
      from_user_id: row.from,
      to_user_id: row.to,
      pair_low: low,
      pair_high: high,
      created_at: row.at,
    })
    .execute();
}

/** False when there was no such request (any more). */
export async function deleteRequest(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom("friend_requests").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteRequestBetween(db: Executor, a: string, b: string) {
  const { low, high } = pairOf(a, b);
  await db.deleteFrom("friend_requests").where("pair_low", "=", low).where("pair_high", "=", high).execute();
}

/**
 * Incoming and outgoing pending requests, newest first in each direction, at most `limits` each:
 * one range of each direction's index in one statement, each named (see forceIndex), so that the
 * rows read are the rows returned however many requests the table holds. An OR of the two
 * directions left the choice to the optimizer, which may merge both indexes and sort, or scan.
 */
export async function listRequests(db: Executor, userId: string, limits: { incoming: number; outgoing: number }) {
  const direction = (index: string, column: "to_user_id" | "from_user_id", limit: number) =>
    db
      .selectFrom(forceIndex("friend_requests", index))
      .select(requestColumns)
      .where(column, "=", userId)
      .orderBy("id", "desc")
      .limit(limit);
  const { rows } = await sql<RequestRow>`${direction("friend_requests_to", "to_user_id", limits.incoming)}
    UNION ALL ${direction("friend_requests_from", "from_user_id", limits.outgoing)}`.execute(db);
  return rows;
}

type RequestRow = Awaited<ReturnType<typeof findRequest>> & {};
