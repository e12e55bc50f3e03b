import { sql } from "kysely";
import type { Executor } from "../db";

const spaceColumns = ["id", "slug", "name", "capacity", "status"] as const;

/** Open spaces in display order; bounded, since spaces are few and made by hand. */
export async function listOpen(db: Executor, limit: number) {
  return db
    .selectFrom("spaces")
    .select(spaceColumns)
    .where("status", "=", "open")
    .orderBy("sort_order")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom("spaces").select(spaceColumns).where("id", "=", id).executeTakeFirst();
}

/** Every space, closed ones too, for the console; bounded. */
export async function listAll(db: Executor, limit: number) {
  return db.selectFrom("spaces").select(spaceColumns).orderBy("id").limit(limit).execute();
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return db.selectFrom("spaces").select(spaceColumns).where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function maxSortOrder(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("spaces")
    .select((eb) => eb.fn.max("sort_order").as("top"))
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(row?.top ?? 0);
}

export async function insertSpace(
  db: Executor,
  row: { id: string; slug: string; name: string; capacity: number; sortOrder: number; at: Date },
) {
  await db
    .insertInto("spaces")
    .values({
      id: row.id,
      slug: row.slug,
      name: row.name,
      capacity: row.capacity,
      sort_order: row.sortOrder,
      created_at: row.at,
    })
    .execute();
}

export async function updateSpace(db: Executor, id: string, changes: { name?: string; status?: "open" | "closed" }) {
  await db.updateTable("spaces").set(changes).where("id", "=", id).execute();
}

/** Which of these ids exist (the seed inserts only the missing ones); bounded by the ids given. */
export async function findExistingIds(db: Executor, ids: string[]): Promise<string[]> {
  const rows = await db.selectFrom("spaces").select("id").where("id", "in", ids).execute();
  return rows.map((row) => row.id);
}

export async function insertSpaces(
  db: Executor,
  spaces: { id: string; slug: string; name: string; capacity: number; sort_order: number; created_at: Date }[],
): Promise<void> {
  await db.insertInto("spaces").values(spaces).execute();
}

const presenceColumns = ["user_id", "space_id", "seat_until", "focus_until", "focus_ends_at"] as const;

export type PresenceRow = Awaited<ReturnType<typeof findPresence>>[number];

/** Presence rows of many people by primary key; people never present have none. */
export async function findPresence(db: Executor, userIds: string[]) {
  return presenceRows(db).where("user_id", "in", userIds).execute();
}

/** Every presence row, for another module's query to join by person (each join a primary-key lookup). */
export function presenceRows(db: Executor) {
  return db.selectFrom("presence").select(presenceColumns);
}

export async function deletePresence(db: Executor, userId: string) {
  await db.deleteFrom("presence").where("user_id", "=", userId).execute();
}

/**
 * Takes (or moves) the person's seat. `beats + 1` makes every write change the row, so that
 * an update's row count always tells whether it found the seat.
 */
export async function seat(db: Executor, row: { userId: string; spaceId: string; until: Date; at: Date }) {
  await db
    .insertInto("presence")
    .values({ user_id: row.userId, space_id: row.spaceId, seat_until: row.until, beats: 1, updated_at: row.at })
    .onDuplicateKeyUpdate({
      space_id: row.spaceId,
      seat_until: row.until,
      beats: sql`beats + 1`,
      updated_at: row.at,
    })
    .execute();
}

/** Extends a live seat in that space; false when the person holds none there (never, left, or expired). */
export async function beat(db: Executor, row: { userId: string; spaceId: string; until: Date; at: Date }) {
  const result = await db
    .updateTable("presence")
    .set({ seat_until: row.until, beats: sql`beats + 1`, updated_at: row.at })
    .where("user_id", "=", row.userId)
    .where("space_id", "=", row.spaceId)
    .where("seat_until", ">", row.at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives up the seat in that space; false when the person held none there. */
export async function unseat(db: Executor, row: { userId: string; spaceId: string; at: Date }) {
  const result = await db
    .updateTable("presence")
    .set({ space_id: null, seat_until: null, updated_at: row.at })
    .where("user_id", "=", row.userId)
    .where("space_id", "=", row.spaceId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Live seats of one space other than `exceptUserId`'s: one range of the seats index. */
export async function countSeated(db: Executor, spaceId: string, at: Date, exceptUserId: string): Promise<number> {
  const row = await db
    .selectFrom("presence")
    .select(sql<string>`COUNT(*)`.as("count"))
    .where("space_id", "=", spaceId)
    .where("seat_until", ">", at)
    .where("user_id", "<>", exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Who sits in a space now, at most `limit` (its capacity): one range of the seats index. */
export async function findSeated(db: Executor, spaceId: string, at: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("presence")
    .select("user_id")
    .where("space_id", "=", spaceId)
    .where("seat_until", ">", at)
    .limit(limit)
    .execute();
  return rows.map((row) => row.user_id);
}

/** Live seats per space, for these spaces: one range of the seats index per space. */
export async function countSeatedBySpace(db: Executor, spaceIds: string[], at: Date) {
  return db
    .selectFrom("presence")
    .select(["space_id", sql<string>`COUNT(*)`.as("count")])
    .where("space_id", "in", spaceIds)
    .where("seat_until", ">", at)
    .groupBy("space_id")
    .execute();
}

export async function recordFocus(db: Executor, row: { userId: string; until: Date; endsAt: Date | null; at: Date }) {
  await db
    .insertInto("presence")
    .values({ user_id: row.userId, focus_until: row.until, focus_ends_at: row.endsAt, updated_at: row.at })
    .onDuplicateKeyUpdate({ focus_until: row.until, focus_ends_at: row.endsAt, updated_at: row.at })
    .execute();
}

export async function clearFocus(db: Executor, userId: string, at: Date) {
  await db
    .updateTable("presence")
    .set({ focus_until: null, focus_ends_at: null, updated_at: at })
    .where("user_id", "=", userId)
    .execute();
}
