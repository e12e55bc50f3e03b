import * as Cache from "../cache";
import { now } from "../clock";
import { db, transaction } from "../db";
import * as repo from "./repo";

/** Makes `userId` friends with each of `others` at once, as accepting their requests would. */
export async function befriendAll(userId: string, others: string[]): Promise<void> {
  const at = now();
  for (let start = 0; start < others.length; start += 500) {
    await repo.insertFriendships(
      db(),
      others.slice(start, start + 500).map((otherId) => ({ a: userId, b: otherId })),
      at,
    );
  }
  await transaction((tx) => Cache.invalidate(tx, "friend:list", [userId, ...others]));
}
