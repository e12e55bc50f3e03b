import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Executor } from "../db";
import type { Visibility } from "./schema";

const roomColumns = ["id", "user_id", "name", "visibility", "version", "document_key", "updated_at"] as const;

export type RoomRow = Awaited<ReturnType<typeof findRoom>> & {};

export async function findRoom(db: Executor, id: string) {
  return db.selectFrom("rooms").select(roomColumns).where("id", "=", id).executeTakeFirst();
}

/**
 * One person's rooms, oldest first. For a `visitor`, only what they may see: public rooms, and
 * friends' rooms when `isFriend` (the friend module's condition) holds; never a room moderators hid.
 */
export async function listRooms(
  db: Executor,
  userId: string,
  limit: number,
  visitor?: { isFriend: RawBuilder<SqlBool> },
) {
  let select = db.selectFrom("rooms").select(roomColumns).where("user_id", "=", userId).orderBy("id").limit(limit);
  if (visitor) {
    select = select
      .where((eb) =>
        eb.or([eb("visibility", "=", "public"), eb.and([eb("visibility", "=", "friends"), visitor.isFriend])]),
      )
      .where("hidden_at", "is", null);
  }
  return select.execute();
}

/** A locking count: concurrent creations by one person take turns, so the cap holds. */
export async function countRooms(db: Executor, userId: string, options: { forUpdate?: boolean } = {}) {
  let select = db
    .selectFrom("rooms")
    .select(sql<string>`COUNT(*)`.as("count"))
    .where("user_id", "=", userId);
  if (options.forUpdate) select = select.forUpdate();
  return Number((await select.executeTakeFirstOrThrow()).count);
}

export async function insertRoom(
  db: Executor,
  row: { id: string; userId: string; name: string; visibility: Visibility; key: string; bytes: number; at: Date },
) {
  await db
    .insertInto("rooms")
    .values({
      id: row.id,
      user_id: row.userId,
      name: row.name,
      visibility: row.visibility,
      version: 1,
      document_key: row.key,
      document_bytes: row.bytes,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

/** Moves the room from `expected` to `expected + 1`; false when another save moved it first. */
export async function advanceRoom(
  db: Executor,
  row: {
    id: string;
    userId: string;
    expected: number;
    name: string;
    visibility: Visibility;
    key: string;
    bytes: number;
    at: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("rooms")
    .set({
      version: row.expected + 1,
      name: row.name,
      visibility: row.visibility,
      document_key: row.key,
      document_bytes: row.bytes,
      updated_at: row.at,
    })
    .where("id", "=", row.id)
    .where("user_id", "=", row.userId)
    .where("version", "=", row.expected)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteRoom(db: Executor, id: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom("rooms").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Every room of a person (at most the cap), with any visibility. */
export async function listRoomIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.selectFrom("rooms").select("id").where("user_id", "=", userId).execute();
  return rows.map((row) => row.id);
}

export async function deleteRoomsOf(db: Executor, userId: string) {
  await db.deleteFrom("rooms").where("user_id", "=", userId).execute();
}

/** False when there is no such room. */
export async function hideRoom(db: Executor, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable("rooms").set({ hidden_at: at }).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
