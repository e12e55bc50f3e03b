import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Executor } from "../db";
import { forceIndex } from "../db/force-index";

const cardColumns = ["user_id", "friend_id", "name", "bio", "avatar_key"] as const;

export async function findByUserId(db: Executor, userId: string, options: { forUpdate?: boolean } = {}) {
  let select = db
    .selectFrom("profiles")
    .select([...cardColumns, "search_name", "time_zone", "created_at"])
    .where("user_id", "=", userId);
  if (options.forUpdate) select = select.forUpdate();
  return select.executeTakeFirst();
}

/** Every person's time zone, for another module's query to join by person (a primary-key lookup). */
export function timeZoneRows(db: Executor) {
  return db.selectFrom("profiles").select(["user_id", "time_zone"]);
}

export async function findByFriendIds(db: Executor, friendIds: string[]) {
  return db.selectFrom("profiles").select(cardColumns).where("friend_id", "in", friendIds).execute();
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
export async function deleteSearchSuffixes(db: Executor, userId: string, suffixes: string[]) {
  if (suffixes.length === 0) return;
  await db
    .deleteFrom("profile_search_suffixes")
    .where("user_id", "=", userId)
    .where("suffix", "in", suffixes)
    .execute();
}

/** One statement for many people's suffixes (a name has at most 98). */
export async function insertSearchSuffixes(db: Executor, rows: { userId: string; suffixes: string[] }[]) {
  const values = rows.flatMap(({ userId, suffixes }) => suffixes.map((suffix) => ({ suffix, user_id: userId })));
  if (values.length === 0) return;
  await db.insertInto("profile_search_suffixes").values(values).execute();
}

/** Exact and prefix matches come first, then partial ones. */
export type MatchGroup = "prefix" | "partial";

/** Where a page ended: a position in the index its group is read from. */
export interface SearchAfter {
  group: MatchGroup;
  /** The folded name (prefix) or the suffix (partial) of the last person shown. */
  key: string;
  userId: string;
}

/**
 * One query whose cost is set by the page, not by how many share a name. Exact and prefix matches
 * are one range of profiles' (search_name, user_id) index (an exact match sorts before the names
 * it begins); partial matches are one range of the suffix index, (suffix, user_id). Each range is
 * read in the order shown and stopped by the LIMIT, and a cursor is a position in one of them, so
 * page 50 reads what page 1 does. A name can hold the query more than once: only the suffix at
 * its first occurrence counts, and one that starts the name belongs to the prefix group.
 * Each group reads at most `limit + 1` rows; the code puts the two in order.
 */
export async function searchByName(
  db: Executor,
  query: {
    folded: string;
    after?: SearchAfter;
    limit: number;
    /** Who may be shown, as a condition on a user id column (the block module's). */
    visible?: (userIdColumn: string) => RawBuilder<SqlBool>;
  },
): Promise<SearchRow[]> {
  const { folded, after, limit, visible } = query;
  const startsWithQuery = `${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const legs = [];
  if (after?.group !== "partial") {
    // Forced: a long list of blocked people would otherwise tempt the optimizer into a primary-key range.
    let prefix = db
      .selectFrom(forceIndex("profiles", "profiles_search_name"))
      .select([
        sql<MatchGroup>`'prefix'`.as("match_group"),
        "profiles.search_name as match_key",
        ...cardColumnsOf("profiles"),
      ])
      .where("profiles.search_name", "like", startsWithQuery);
    if (after) prefix = prefix.where(isPast("profiles.search_name", "profiles.user_id", after));
    if (visible) prefix = prefix.where(visible("profiles.user_id"));
    legs.push(
      prefix
        .orderBy("profiles.search_name")
        .orderBy("profiles.user_id")
        .limit(limit + 1),
    );
  }
  if (Array.from(folded).length >= 2) {
    let partial = db
      .selectFrom("profile_search_suffixes as s")
      .modifyFront(sql`STRAIGHT_JOIN`)
      .innerJoin("profiles as p", "p.user_id", "s.user_id")
      .select([sql<MatchGroup>`'partial'`.as("match_group"), "s.suffix as match_key", ...cardColumnsOf("p")])
      .where("s.suffix", "like", startsWithQuery)
      // A suffix row counts only while it is a suffix of the current name (so a row the index
      // should no longer hold is never shown), and only at the query's first occurrence.
      .where(sql<boolean>`RIGHT(p.search_name, CHAR_LENGTH(s.suffix)) = s.suffix`)
      .where(sql<boolean>`LOCATE(${folded}, p.search_name) = CHAR_LENGTH(p.search_name) - CHAR_LENGTH(s.suffix) + 1`);
    if (after?.group === "partial") partial = partial.where(isPast("s.suffix", "s.user_id", after));
    if (visible) partial = partial.where(visible("s.user_id"));
    legs.push(
      partial
        .orderBy("s.suffix")
        .orderBy("s.user_id")
        .limit(limit + 1),
    );
  }
  if (legs.length === 0) return [];
  const rows =
    legs.length === 1
      ? await legs[0]!.execute()
      : (await sql<SearchRow>`${legs[0]} UNION ALL ${legs[1]}`.execute(db)).rows;
  return rows.sort(searchOrder).slice(0, limit + 1);
}

export interface SearchRow {
  match_group: MatchGroup;
  match_key: string;
  user_id: string;
  friend_id: string;
  name: string;
  bio: string;
  avatar_key: string | null;
}

/** (key, user) > (after.key, after.userId), spelled so that the range optimizer starts the index read there. */
function isPast(key: string, user: string, after: SearchAfter) {
  const [keyColumn, userColumn] = [sql.ref(key), sql.ref(user)];
  return sql<boolean>`(${keyColumn} > ${after.key} OR (${keyColumn} = ${after.key} AND ${userColumn} > ${after.userId}))`;
}

function cardColumnsOf<T extends string>(table: T) {
  return cardColumns.map((column) => `${table}.${column}` as const);
}

const groupRank: Record<MatchGroup, number> = { prefix: 0, partial: 1 };

/** The order the two index ranges give, put together: group, then key as utf8mb4_bin orders it, then id. */
function searchOrder(a: SearchRow, b: SearchRow): number {
  return (
    groupRank[a.match_group] - groupRank[b.match_group] ||
    byCodePoint(a.match_key, b.match_key) ||
    (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0)
  );
}

/** JavaScript's < compares UTF-16 units, which puts emoji before some BMP characters; SQL compares code points. */
function byCodePoint(a: string, b: string): number {
  const left = Array.from(a, (char) => char.codePointAt(0)!);
  const right = Array.from(b, (char) => char.codePointAt(0)!);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

/** Points the card at the published avatar document (the avatar module commits it with its own row). */
export async function setAvatarKey(db: Executor, userId: string, key: string | null, at: Date): Promise<void> {
  await db.updateTable("profiles").set({ avatar_key: key, updated_at: at }).where("user_id", "=", userId).execute();
}
