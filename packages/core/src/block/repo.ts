import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Executor } from "../db";

export async function insertBlock(db: Executor, blockerId: string, blockedId: string, at: Date) {
  await db
    .insertInto("blocks")
    .ignore()
    .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: at })
    .execute();
}

/** False when there was no such block. */
export async function deleteBlock(db: Executor, blockerId: string, blockedId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("blocks")
    .where("blocker_id", "=", blockerId)
    .where("blocked_id", "=", blockedId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Every block by or against `userId`, each direction on its own index. */
export async function deleteBlocksOf(db: Executor, userId: string) {
  await db.deleteFrom("blocks").where("blocker_id", "=", userId).execute();
  await db.deleteFrom("blocks").where("blocked_id", "=", userId).execute();
}

/** Whether either of the two blocked the other, as a condition: two primary-key probes. */
export function blockedEitherWayBetween(a: string, b: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(EXISTS (SELECT 1 FROM blocks WHERE blocker_id = ${a} AND blocked_id = ${b})
    OR EXISTS (SELECT 1 FROM blocks WHERE blocker_id = ${b} AND blocked_id = ${a}))`;
}

/** Everyone `userId` blocked or was blocked by, at most `limit` a direction, in one query. */
export async function blockedEitherWay(db: Executor, userId: string, limit: number): Promise<string[]> {
  // Each side is limited on its own index, so the parts need their own parentheses.
  const { rows } = await sql<{ id: string }>`
    (SELECT blocked_id AS id FROM blocks WHERE blocker_id = ${userId} LIMIT ${limit})
    UNION ALL
    (SELECT blocker_id AS id FROM blocks WHERE blocked_id = ${userId} LIMIT ${limit})`.execute(db);
  return rows.map((row) => row.id);
}

/** Which of `others` `userId` blocked or was blocked by: bounded by `others`, whatever the block counts. */
export async function blockedAmong(db: Executor, userId: string, others: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom("blocks")
    .select("blocked_id as id")
    .where("blocker_id", "=", userId)
    .where("blocked_id", "in", others)
    .unionAll(
      db
        .selectFrom("blocks")
        .select("blocker_id as id")
        .where("blocked_id", "=", userId)
        .where("blocker_id", "in", others),
    )
    .execute();
  return rows.map((row) => row.id);
}

/**
 * A condition for a query of people (`userIdColumn` names each person's id): neither `viewerId`
 * nor that person blocked the other. Two primary-key probes per row, whatever the block counts.
 */
export function notBlockedEitherWay(viewerId: string, userIdColumn: string): RawBuilder<SqlBool> {
  const person = sql.ref(userIdColumn);
  return sql<SqlBool>`(NOT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = ${viewerId} AND blocked_id = ${person})
    AND NOT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = ${person} AND blocked_id = ${viewerId}))`;
}
