import type { Executor } from "../db";

const columns = ["id", "title", "body", "platforms", "priority", "starts_at", "ends_at", "created_at"] as const;

export async function insertNotice(
  db: Executor,
  row: {
    id: string;
    title: string;
    body: string;
    platforms: string;
    priority: number;
    startsAt: Date;
    endsAt: Date;
    at: Date;
  },
) {
  await db
    .insertInto("notices")
    .values({
      id: row.id,
      title: row.title,
      body: row.body,
      platforms: row.platforms,
      priority: row.priority,
      starts_at: row.startsAt,
      ends_at: row.endsAt,
      created_at: row.at,
    })
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
