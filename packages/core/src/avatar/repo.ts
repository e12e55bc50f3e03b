import type { Executor } from "../db";

export async function findAvatar(db: Executor, userId: string) {
  return db
    .selectFrom("avatars")
    .select(["version", "document_key", "updated_at"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function insertAvatar(
  db: Executor,
  row: { userId: string; key: string; bytes: number; at: Date },
): Promise<void> {
  await db
    .insertInto("avatars")
    .values({ user_id: row.userId, version: 1, document_key: row.key, document_bytes: row.bytes, updated_at: row.at })
    .execute();
}

/** Moves the avatar from `expected` to `expected + 1`; false when another save moved it first. */
export async function advanceAvatar(
  db: Executor,
  row: { userId: string; expected: number; key: string; bytes: number; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("avatars")
    .set({ version: row.expected + 1, document_key: row.key, document_bytes: row.bytes, updated_at: row.at })
    .where("user_id", "=", row.userId)
    .where("version", "=", row.expected)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteAvatar(db: Executor, userId: string) {
  await db.deleteFrom("avatars").where("user_id", "=", userId).execute();
}
