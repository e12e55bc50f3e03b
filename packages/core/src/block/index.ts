// Blocks: either person blocking the other hides the two from each other everywhere (search,
// lookup, cards, presence, space members, rooms, friend requests). Who someone blocked or was
// blocked by sits in the Lambda's memory, so checking it costs nothing on a warm Lambda; a block
// reaches every Lambda within the memo's poll interval, and the one that made it at once.
import type { RawBuilder, SqlBool } from "kysely";
import * as z from "zod/mini";
import * as Cache from "../cache";
import { now } from "../clock";
import { db, type Executor } from "../db";
import { fn } from "../fn";
import { Id } from "../id";
import * as repo from "./repo";

/** Beyond this many blocks in one direction, checks ask the database about the people in question. */
const rememberedPerDirection = 5_000;

interface Hidden {
  ids: Set<string>;
  /** False when someone has more blocks than are kept in memory. */
  complete: boolean;
}

const hidden = Cache.memo<Hidden>({
  topic: "block:hidden",
  ttlSeconds: 600,
  maxEntries: 20_000,
  load: async (userIds) => {
    const loaded = await Promise.all(
      userIds.map(async (userId) => {
        const ids = await repo.blockedEitherWay(db(), userId, rememberedPerDirection + 1);
        return [userId, { ids: new Set(ids), complete: ids.length <= rememberedPerDirection }] as const;
      }),
    );
    return new Map(loaded);
  },
});

/** Which of `others` are hidden from `userId` (either blocked the other). */
export const hiddenAmong = fn(
  z.object({ userId: Id, others: z.array(Id).check(z.maxLength(1000)) }),
  async ({ userId, others }): Promise<Set<string>> => {
    if (others.length === 0) return new Set();
    const known = (await hidden.get(userId))!;
    if (known.complete) return new Set(others.filter((other) => known.ids.has(other)));
    return new Set(await repo.blockedAmong(db(), userId, [...new Set(others)]));
  },
);

export const isHidden = fn(z.object({ userId: Id, otherId: Id }), async ({ userId, otherId }): Promise<boolean> => {
  return (await hiddenAmong({ userId, others: [otherId] })).has(otherId);
});

/**
 * For a module's query of people (search): a condition on the column holding each person's id
 * that leaves out whoever `viewerId` blocked or was blocked by. It is part of that query, so it
 * costs no query of its own and works at any number of blocks.
 */
export function visibleTo(viewerId: string): (userIdColumn: string) => RawBuilder<SqlBool> {
  return (userIdColumn) => repo.notBlockedEitherWay(viewerId, userIdColumn);
}

/**
 * Whether either person blocked the other, as a condition for a query of the caller's
 * transaction, which reads it from the database (not from memory, which may lag another Lambda's
 * block by a few seconds) and pays no query of its own: the friend module reads it with the pair's
 * state under its lock on both people, so a block and a request cannot cross.
 */
export function blockedBetween(userId: string, otherId: string): RawBuilder<SqlBool> {
  return repo.blockedEitherWayBetween(userId, otherId);
}

/** Records a block inside the caller's transaction (friend ends the friendship in the same one). */
export async function addWithin(executor: Executor, blockerId: string, blockedId: string): Promise<void> {
  await repo.insertBlock(executor, blockerId, blockedId, now());
  await Cache.invalidate(executor, "block:hidden", [blockerId, blockedId]);
}

/**
 * Called by account deletion inside its transaction: the blocks the person made and those made
 * against them. Other people's remembered block lists may keep the gone id; it hides no one.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await repo.deleteBlocksOf(executor, userId);
  await Cache.invalidate(executor, "block:hidden", [userId]);
}

/** Lifts a block inside the caller's transaction; false when there was none. */
export async function removeWithin(executor: Executor, blockerId: string, blockedId: string): Promise<boolean> {
  if (!(await repo.deleteBlock(executor, blockerId, blockedId))) return false;
  await Cache.invalidate(executor, "block:hidden", [blockerId, blockedId]);
  return true;
}
