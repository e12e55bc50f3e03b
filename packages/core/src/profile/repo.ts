import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Executor } from "../db";

const cardColumns = ["user_id", "friend_id", "name", "bio", "avatar_key"] as const;

export async function findByUserId(db: Executor, userId: string, options: { forUpdate?: boolean } = {}) {
  let select = db
    .selectFrom("profiles")
    .select([...cardColumns, "search_name", "time_zone", "created_at"])
    .where("user_id", "=", userId);
  if (options.forUpdate) select = select.forUpdate();
  return select.executeTakeFirst();
}

export async function findUserIdsByFriendIds(db: Executor, friendIds: string[]) {
  return db.selectFrom("profiles").select(["friend_id", "user_id"]).where("friend_id", "in", friendIds).execute();
}

export async function findByUserIds(db: Executor, userIds: string[]) {
  return db.selectFrom("profiles").select(cardColumns).where("user_id", "in", userIds).execute();
}

export async function insertProfile(
  db: Executor,
  row: { userId: string; friendId: string; name: string; searchName: string; at: Date },
) {
  await db
    .insertInto("profiles")
    .values({
      user_id: row.userId,
      friend_id: row.friendId,
      name: row.name,
      search_name: row.searchName,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

export async function updateProfile(
  db: Executor,
  userId: string,
  changes: { name?: string; searchName?: string; bio?: string; timeZone?: string; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("profiles")
    .set({
      name: changes.name,
      search_name: changes.searchName,
      bio: changes.bio,
      time_zone: changes.timeZone,
      updated_at: changes.at,
    })
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteProfile(db: Executor, userId: string) {
  await db.deleteFrom("profiles").where("user_id", "=", userId).execute();
}

/** Deletes by primary key only, so that concurrent renames lock rows, never gaps. */
export async function deleteSearchGrams(db: Executor, userId: string, grams: string[]) {
  if (grams.length === 0) return;
  await db.deleteFrom("profile_search_grams").where("user_id", "=", userId).where("gram", "in", grams).execute();
}

export async function insertSearchGrams(db: Executor, userId: string, grams: string[]) {
  if (grams.length === 0) return;
  await db
    .insertInto("profile_search_grams")
    .values(grams.map((gram) => ({ gram, user_id: userId })))
    .execute();
}

export interface SearchAfter {
  rank: number;
  searchName: string;
  userId: string;
}

/**
 * One query: candidate ids from the bigram index (or from the search_name prefix index for a
 * one-character query), confirmed as real substrings, ranked exact < prefix < partial.
 * STRAIGHT_JOIN keeps the plan index-driven (candidates first, then profiles by primary key):
 * left alone, the optimizer scans profiles once a query matches a large share of names.
 */
export async function searchByName(
  db: Executor,
  query: {
    folded: string;
    grams: string[];
    after?: SearchAfter;
    limit: number;
    /** Who may be shown, as a condition on the profile's user id (the block module's). */
    visible?: (userIdColumn: string) => RawBuilder<SqlBool>;
  },
) {
  const escaped = query.folded.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rank = sql<number>`(CASE WHEN p.search_name = ${query.folded} THEN 0 WHEN p.search_name LIKE ${`${escaped}%`} THEN 1 ELSE 2 END)`;
  const candidates =
    query.grams.length > 0
      ? db
          .selectFrom("profile_search_grams")
          .select("user_id")
          .where("gram", "in", query.grams)
          .groupBy("user_id")
          .having(sql`COUNT(*)`, "=", query.grams.length)
          .as("g")
      : db.selectFrom("profiles").select("user_id").where("search_name", "like", `${escaped}%`).as("g");
  let select = db
    .selectFrom(candidates)
    .modifyFront(sql`STRAIGHT_JOIN`)
    .innerJoin("profiles as p", "p.user_id", "g.user_id")
    .select(["p.user_id", "p.friend_id", "p.name", "p.bio", "p.avatar_key", "p.search_name", rank.as("match_rank")])
    .where("p.search_name", "like", `%${escaped}%`);
  if (query.visible) select = select.where(query.visible("p.user_id"));

  const after = query.after;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb(rank, ">", after.rank),
        eb.and([eb(rank, "=", after.rank), eb("p.search_name", ">", after.searchName)]),
        eb.and([
          eb(rank, "=", after.rank),
          eb("p.search_name", "=", after.searchName),
          eb("p.user_id", ">", after.userId),
        ]),
      ]),
    );
  }

  return select
    .orderBy("match_rank")
    .orderBy("p.search_name")
    .orderBy("p.user_id")
    .limit(query.limit + 1)
    .execute();
}

/** Points the card at the published avatar document (the avatar module commits it with its own row). */
export async function setAvatarKey(db: Executor, userId: string, key: string | null, at: Date): Promise<void> {
  await db.updateTable("profiles").set({ avatar_key: key, updated_at: at }).where("user_id", "=", userId).execute();
}
