// Avatars: one document per person (parts from their inventory, colours, expression), saved
// through the API and published to S3 as an immutable version that everyone else reads from
// the CDN. Profile cards carry its URL.
import * as z from "zod/mini";
import { now } from "../clock";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { checkDocument } from "../document";
import { Version } from "../version";
import { PreconditionFailed } from "../error";
import { fn } from "../fn";
import { Id } from "../id";
import * as Profile from "../profile";
import * as Storage from "../storage";
import { started, together } from "../together";
import * as repo from "./repo";
import { AvatarDocument, type AvatarState, maxAvatarBytes } from "./schema";

export * from "./schema";

export const get = fn(z.object({ userId: Id }), async ({ userId }): Promise<AvatarState> => {
  const row = await repo.findAvatar(db(), userId);
  if (!row) return { version: 0, url: null, updatedAt: null };
  return { version: row.version, url: Storage.publicUrl(row.document_key), updatedAt: row.updated_at.toISOString() };
});

/**
 * Saves a new version over `expectedVersion` (the If-Match; 0 for the first save). The object
 * is written while the transaction makes it current, and the commit waits for it: a failed
 * upload rolls back and leaves the previous version in place, and of two saves from the same
 * version exactly one wins; the other gets 412 with the version that won. (The key holds the
 * content's hash, so a losing save's object is never the one anybody is shown.)
 */
export const save = fn(
  z.object({ userId: Id, expectedVersion: Version, document: AvatarDocument }),
  async ({ userId, expectedVersion, document }): Promise<AvatarState> => {
    // Paths in the route's body (the document itself), for the errors' details.
    const uses = document.parts.map((part, index) => ({
      path: `body.parts.${index}.itemId`,
      itemId: part.itemId,
      kind: "avatar_part" as const,
      category: part.slot,
    }));
    const [, current] = await together(
      checkDocument({ userId, document, maxBytes: maxAvatarBytes, uses }),
      repo.findAvatar(db(), userId),
    );
    if ((current?.version ?? 0) !== expectedVersion) throw new PreconditionFailed("avatar", current?.version ?? 0);
    const version = expectedVersion + 1;
    const stored = Storage.jsonVersion({ prefix: `avatars/${userId}`, version, document });
    const uploading = started(Storage.publishJson(stored));
    const { key, bytes } = stored;
    const at = now();
    let won: boolean;
    try {
      won = await transaction(async (tx) => {
        const row = { userId, expected: expectedVersion, key, bytes, at };
        if (expectedVersion === 0) await repo.insertAvatar(tx, row);
        else if (!(await repo.advanceAvatar(tx, row))) return false;
        await Profile.setAvatarKeyWithin(tx, userId, key);
        await uploading;
        return true;
      });
    } catch (error) {
      // Two first saves: the other inserted first.
      if (!isDuplicateKey(error)) throw error;
      won = false;
    }
    if (!won) throw new PreconditionFailed("avatar", (await repo.findAvatar(db(), userId))?.version ?? 0);
    return { version, url: Storage.publicUrl(key), updatedAt: at.toISOString() };
  },
);

/**
 * Called by account deletion inside its transaction: the avatar goes; every published version is
 * what the caller removes from storage once the deletion has committed.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<Storage.StoredContent> {
  await repo.deleteAvatar(executor, userId);
  return { prefixes: [`avatars/${userId}/`], keys: [] };
}
