import type { Executor } from "../db";

export async function insertErasure(
  db: Executor,
  row: { accountId: string; at: Date; finalAfter: Date; content: { prefixes: string[]; keys: string[] } },
) {
  await db
    .insertInto("account_erasures")
    .values({
      account_id: row.accountId,
      requested_at: row.at,
      final_after: row.finalAfter,
      content: JSON.stringify(row.content),
    })
    .execute();
}

/** Erasures whose last pass is due, oldest first (on the pending index). */
export async function findDueErasures(db: Executor, at: Date, limit: number) {
  return db
    .selectFrom("account_erasures")
    .select(["account_id", "content"])
    .where("finished_at", "is", null)
    .where("final_after", "<=", at)
    .orderBy("final_after")
    .limit(limit)
    .execute();
}

export async function setErasureContent(
  db: Executor,
  accountId: string,
  content: { prefixes: string[]; keys: string[] },
) {
  await db
    .updateTable("account_erasures")
    .set({ content: JSON.stringify(content) })
    .where("account_id", "=", accountId)
    .execute();
}

export async function markErasure(
  db: Executor,
  accountId: string,
  done: { contentRemovedAt: Date; finishedAt?: Date },
) {
  await db
    .updateTable("account_erasures")
    .set({ content_removed_at: done.contentRemovedAt, ...(done.finishedAt ? { finished_at: done.finishedAt } : {}) })
    .where("account_id", "=", accountId)
    .execute();
}
