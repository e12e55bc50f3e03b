import { sql } from "kysely";
import type { Executor } from "../db";

export function pairOf(a: string, b: string): { low: string; high: string } {
  return a < b ? { low: a, high: b } : { low: b, high: a };
}

/** A locking read: it sees what other transactions committed while this one waited for a lock. */
export async function areFriends(db: Executor, userId: string, otherId: string): Promise<boolean> {
  const row = await db
    .selectFrom("friendships")
    .select("other_id")
    .where("user_id", "=", userId)
    .where("other_id", "=", otherId)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** A plain read, for deciding what someone may see. */
export async function isFriend(db: Executor, userId: string, otherId: string): Promise<boolean> {
  const row = await db
    .selectFrom("friendships")
    .select("other_id")
    .where("user_id", "=", userId)
    .where("other_id", "=", otherId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countFriends(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("friendships")
    .select(sql<string>`COUNT(*)`.as("count"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
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

/** The pending request between two people, in either direction, locked for the transaction. */
export async function findRequestBetween(db: Executor, a: string, b: string) {
  const { low, high } = pairOf(a, b);
  return db
    .selectFrom("friend_requests")
    .select(requestColumns)
    .where("pair_low", "=", low)
    .where("pair_high", "=", high)
    .forUpdate()
    .executeTakeFirst();
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

export async function deleteRequest(db: Executor, id: string) {
  await db.deleteFrom("friend_requests").where("id", "=", id).execute();
}

export async function deleteRequestBetween(db: Executor, a: string, b: string) {
  const { low, high } = pairOf(a, b);
  await db.deleteFrom("friend_requests").where("pair_low", "=", low).where("pair_high", "=", high).execute();
}

export async function countPending(db: Executor, side: "from_user_id" | "to_user_id", userId: string): Promise<number> {
  const row = await db
    .selectFrom("friend_requests")
    .select(sql<string>`COUNT(*)`.as("count"))
    .where(side, "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Incoming and outgoing pending requests in one query (both bounded by the pending caps). */
export async function listRequests(db: Executor, userId: string) {
  return db
    .selectFrom("friend_requests")
    .select(requestColumns)
    .where((eb) => eb.or([eb("to_user_id", "=", userId), eb("from_user_id", "=", userId)]))
    .orderBy("id", "desc")
    .execute();
}
