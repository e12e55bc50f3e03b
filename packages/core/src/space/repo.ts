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
