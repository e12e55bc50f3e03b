import type { Executor } from "../db";

const columns = ["id", "title", "body", "platforms", "priority", "starts_at", "ends_at", "created_at"] as const;

/** A notice as it is stored and read back: the columns, with the localized texts as objects. */
export interface NoticeRow {
  id: string;
  title: { ja: string; en?: string };
  body: { ja: string; en?: string };
  /** "ios,android" */
  platforms: string;
  priority: number;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
}

export async function insertNotice(db: Executor, row: NoticeRow) {
  await db
    .insertInto("notices")
    .values({ ...row, title: JSON.stringify(row.title), body: JSON.stringify(row.body) })
    .execute();
}

/** Notices that have not ended (running or scheduled), soonest ending first; few by nature. */
export async function findUnended(db: Executor, at: Date) {
  return db.selectFrom("notices").select(columns).where("ends_at", ">", at).orderBy("ends_at").limit(200).execute();
}

export async function findNotice(db: Executor, id: string) {
  return db.selectFrom("notices").select(columns).where("id", "=", id).executeTakeFirst();
}

export async function findPage(db: Executor, query: { beforeId?: string; limit: number }) {
  let select = db.selectFrom("notices").select(columns);
  if (query.beforeId) select = select.where("id", "<", query.beforeId);
  return select
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
}

/** Ends a notice now (or keeps its earlier end); false when there is no such notice. */
export async function endNotice(db: Executor, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("notices")
    .set({ ends_at: at })
    .where("id", "=", id)
    .where("ends_at", ">", at)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
