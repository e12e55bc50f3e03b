import { now } from "../clock";
import { db } from "../db";

/** Each of `blockerIds` blocks `blockedId`, as many blocks would leave them: a thousand rows an insert. */
export async function blockedByAll(blockerIds: string[], blockedId: string): Promise<void> {
  const at = now();
  for (let start = 0; start < blockerIds.length; start += 1000) {
    await db()
      .insertInto("blocks")
      .values(
        blockerIds
          .slice(start, start + 1000)
          .map((blockerId) => ({ blocker_id: blockerId, blocked_id: blockedId, created_at: at })),
      )
      .execute();
  }
}
