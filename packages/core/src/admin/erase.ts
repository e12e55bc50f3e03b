// What account deletion asks of the admin module, apart from its index (which imports the
// deletion for the console's own delete action, so it cannot be imported back).
import type { Executor } from "../db";
import * as repo from "./repo";

/** Called by account deletion inside its transaction: audit rows about the person keep only ids. */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await repo.eraseAboutUser(executor, userId);
}
