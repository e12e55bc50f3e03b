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
