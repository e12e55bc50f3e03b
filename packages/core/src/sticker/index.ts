// Stickers and posters: images people make from their own pictures. The client uploads straight
// to S3 with a presigned PUT; nothing is public until the server has checked the file and
// re-encoded it without metadata. Moderators can take any of them off the CDN and put it back.
import * as z from "zod/mini";
import { now } from "../clock";
import { Cursor, decodeCursor, encodeCursor } from "../cursor";
import { afterCommit, db, type Executor, transaction } from "../db";
import { Conflict, NotFound, RateLimited } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import * as Storage from "../storage";
import * as repo from "./repo";
import {
  type Kind,
  type ModerationItem,
  type ModerationPage,
  ListQuery,
  RequestUpload,
  type Sticker,
  type StickerPage,
  type Upload,
  type UploadType,
  publishedFormat,
} from "./schema";

export * from "./schema";

/** Live stickers and posters one person may have (published, or an upload under way). */
export const maxStickers = 200;
/** Uploads one person may start per UTC day, whatever became of them. */
export const maxUploadsPerDay = 30;
/** How long a presigned upload stays valid. */
export const uploadExpirySeconds = 300;
/** A pending upload older than this was abandoned: it no longer holds a place under the cap. */
const abandonedAfterMs = 60 * 60 * 1000;
const previewExpirySeconds = 600;

const pendingKey = (row: { id: string; user_id: string }) => `pending/stickers/${row.user_id}/${row.id}`;
const hiddenKey = (publishedKey: string) => `hidden/${publishedKey}`;

/**
 * Grants an upload: a sticker row in `pending` and a PUT URL bound to the declared type and
 * length. The quota row is locked for the check, so neither cap can be passed by racing.
 */
export const requestUpload = fn(
  z.extend(RequestUpload, { userId: Id }),
  async ({ userId, contentType, byteLength, kind }): Promise<Upload> => {
    const at = now();
    const id = newId(at.getTime());
    await transaction(async (tx) => {
      await repo.countUpload(tx, userId, at.toISOString().slice(0, 10));
      const usage = await repo.findUsage(tx, userId, new Date(at.getTime() - abandonedAfterMs));
      if (usage.uploadsToday > maxUploadsPerDay) {
        const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
        throw new RateLimited(
          Math.ceil((midnight - at.getTime()) / 1000),
          `At most ${maxUploadsPerDay} uploads a day; try again tomorrow.`,
        );
      }
      if (usage.live >= maxStickers) {
        throw new Conflict(`You have ${maxStickers} stickers and posters; delete some first.`, "sticker_limit_reached");
      }
      await repo.insertSticker(tx, { id, userId, kind, uploadType: contentType, uploadBytes: byteLength, at });
    });
    const upload = await Storage.presignUpload({
      key: pendingKey({ id, user_id: userId }),
      contentType,
      byteLength,
      expiresInSeconds: uploadExpirySeconds,
    });
    return { stickerId: id, uploadUrl: upload.url, headers: upload.headers, expiresAt: upload.expiresAt };
  },
);

/**
 * Checks the uploaded file and publishes it: publish first, then commit, so a sticker is never
 * listed without its image. A file that fails a check is deleted and the client told why.
 * Completing a published sticker again answers the same. The commit locks the row, as deletion
 * does: a sticker deleted (or hidden) meanwhile is not published, and the image this request put
 * up comes down again before it answers 404.
 */
export const complete = fn(z.object({ userId: Id, stickerId: Id }), async ({ userId, stickerId }): Promise<Sticker> => {
  const row = await repo.findSticker(db(), stickerId);
  if (!row || row.user_id !== userId) throw new NotFound("sticker", stickerId);
  if (row.status === "published") return toSticker(row);
  if (row.status !== "pending") {
    // A completion that lost to a deletion may have left its image up if taking it down failed.
    if (row.status === "deleted") await Storage.deleteObject(publicKey(row));
    throw new NotFound("sticker", stickerId);
  }
  const upload = await Storage.getObject(pendingKey(row), { maxBytes: row.upload_bytes });
  if (!upload) {
    // A concurrent completion may have published it and removed the upload, or a deletion taken it.
    const settled = await settledElsewhere(row.id);
    if (settled.kind === "published") return toSticker(settled.row);
    if (settled.kind === "gone") throw new NotFound("sticker", stickerId);
    throw new Conflict("Nothing was uploaded for this sticker yet; PUT the file first.", "upload_missing");
  }
  const { toPublishedImage } = await import("./image");
  let image;
  try {
    image = await toPublishedImage(upload.body, {
      contentType: row.upload_type,
      kind: row.kind,
    });
  } catch (error) {
    await Storage.deleteObject(pendingKey(row));
    throw error;
  }
  const key = publicKey(row);
  await Storage.putObject({
    key,
    body: image.body,
    contentType: image.contentType,
    cacheControl: Storage.moderatedCacheControl,
  });
  const at = now();
  const published = { key, contentType: image.contentType, width: image.width, height: image.height, at };
  // One conditional UPDATE decides: it publishes only a sticker still pending.
  const outcome = (await repo.markPublished(db(), row.id, published))
    ? ({
        kind: "published",
        row: {
          ...row,
          status: "published",
          published_key: key,
          published_type: image.contentType,
          width: image.width,
          height: image.height,
        },
      } as const)
    : await settledElsewhere(row.id);
  if (outcome.kind !== "published") {
    await Storage.deleteObject(key);
    throw new NotFound("sticker", stickerId);
  }
  // Best effort: the bucket's lifecycle rule removes what a failure here leaves behind.
  await Storage.deleteObject(pendingKey(row)).catch(() => undefined);
  return toSticker(outcome.row);
});

/**
 * CDN URLs of those of `stickerIds` that are `userId`'s published stickers of `kind` (rooms hang
 * posters on their walls): one query, and ids that are not come back missing.
 */
export const publishedUrls = fn(
  z.object({ userId: Id, stickerIds: z.array(Id).check(z.maxLength(100)), kind: z.enum(["sticker", "poster"]) }),
  async ({ userId, stickerIds, kind }): Promise<Map<string, string>> => {
    const rows = await repo.findPublishedAmong(db(), userId, [...new Set(stickerIds)], kind);
    return new Map(rows.map((row) => [row.id, Storage.publicUrl(row.published_key!)]));
  },
);

const ListAfter = z.tuple([Id]);

/** The caller's published stickers and posters, newest first. */
export const list = fn(
  z.extend(ListQuery, { userId: Id }),
  async ({ userId, kind, cursor, limit }): Promise<StickerPage> => {
    const before = cursor === undefined ? undefined : decodeCursor(ListAfter, cursor)[0];
    const rows = await repo.listPublished(db(), { userId, kind, before, limit });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toSticker),
      nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
    };
  },
);

/**
 * Deletes the caller's sticker and its public image; an upload under way is abandoned. The
 * image comes down before the commit (S3 failing leaves the sticker as it was) and again after
 * it, under the row's lock: a completion that put its image up just before can no longer
 * publish, so nothing of a deleted sticker stays on the CDN. Deleting it again retries that.
 */
export const remove = fn(z.object({ userId: Id, stickerId: Id }), async ({ userId, stickerId }): Promise<void> => {
  const row = await repo.findSticker(db(), stickerId);
  if (!row || row.user_id !== userId || row.status === "hidden") throw new NotFound("sticker", stickerId);
  await deleteImages(row);
  if (row.status === "deleted") throw new NotFound("sticker", stickerId);
  const deleted = await repo.setStatus(db(), row.id, {
    from: ["pending", "published"],
    to: "deleted",
    userId,
    at: now(),
  });
  if (!deleted) throw new NotFound("sticker", stickerId);
  await Storage.deleteObject(publicKey(row));
});

/**
 * Moderation (the admin console): takes a published sticker off the CDN (moved to a private
 * key; CDN edges drop it within their 5-minute s-maxage) and out of every list.
 */
export const hide = fn(
  z.object({ stickerId: Id, reason: z.string().check(z.minLength(1), z.maxLength(200)) }),
  ({ stickerId, reason }) => transaction((tx) => hideWithin(tx, { stickerId, reason })),
);

/**
 * `hide` in the caller's transaction (an audited console action): the row changes with it, the
 * image moves after its commit. Safe to run again when the move fails: it is skipped once the
 * public copy is gone.
 */
export async function hideWithin(tx: Executor, { stickerId, reason }: { stickerId: string; reason: string }) {
  const row = await repo.findSticker(tx, stickerId, { forUpdate: true });
  if (!row?.published_key || (row.status !== "published" && row.status !== "hidden")) {
    throw new NotFound("published sticker", stickerId);
  }
  const publishedKey = row.published_key;
  await repo.setStatus(tx, row.id, { from: ["published", "hidden"], to: "hidden", hiddenReason: reason, at: now() });
  afterCommit(tx, () => moveObject(publishedKey, hiddenKey(publishedKey)));
}

/** Moderation: puts a hidden sticker back on the CDN and in its owner's list. */
export const unhide = fn(z.object({ stickerId: Id }), ({ stickerId }) =>
  transaction((tx) => unhideWithin(tx, { stickerId })),
);

/** `unhide` in the caller's transaction; the image moves back after its commit. */
export async function unhideWithin(tx: Executor, { stickerId }: { stickerId: string }) {
  const row = await repo.findSticker(tx, stickerId, { forUpdate: true });
  if (!row?.published_key || (row.status !== "hidden" && row.status !== "published")) {
    throw new NotFound("hidden sticker", stickerId);
  }
  const publishedKey = row.published_key;
  await repo.setStatus(tx, row.id, { from: ["hidden", "published"], to: "published", hiddenReason: null, at: now() });
  afterCommit(tx, () => moveObject(hiddenKey(publishedKey), publishedKey));
}

/** Moderation queue: everyone's published (or hidden) stickers, newest first, with a preview link. */
export const listForModeration = fn(
  z.object({
    status: z._default(z.enum(["published", "hidden"]), "published"),
    cursor: z.optional(Cursor),
    limit: z._default(z.int().check(z.gte(1), z.lte(100)), 50),
  }),
  async ({ status, cursor, limit }): Promise<ModerationPage> => {
    const before = cursor === undefined ? undefined : decodeCursor(ListAfter, cursor)[0];
    const rows = await repo.listByStatus(db(), { status, before, limit });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const items = await Promise.all(page.map((row) => toModerationItem(row, status)));
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
  },
);

/** Where a sticker's image is public once completed: known from the upload's type before it is. */
function publicKey(row: repo.StickerRow): string {
  return row.published_key ?? `stickers/${row.id}.${publishedFormat(row.upload_type).extension}`;
}

/** The public image, and the upload while there may still be one. */
async function deleteImages(row: repo.StickerRow): Promise<void> {
  await Promise.all([
    Storage.deleteObject(publicKey(row)),
    row.status === "pending" ? Storage.deleteObject(pendingKey(row)) : undefined,
  ]);
}

/**
 * What became of a sticker a completion found no longer as it was: still pending, published by a
 * concurrent completion (the same bytes under the same key), or taken by a deletion.
 */
async function settledElsewhere(
  stickerId: string,
): Promise<{ kind: "published"; row: repo.StickerRow } | { kind: "pending" } | { kind: "gone" }> {
  const current = await repo.findSticker(db(), stickerId);
  if (current?.status === "published") return { kind: "published", row: current };
  return current?.status === "pending" ? { kind: "pending" } : { kind: "gone" };
}

/** One sticker as the moderation queue shows it (reports name it); undefined unless published or hidden. */
export const moderationItem = fn(
  z.object({ stickerId: Id }),
  async ({ stickerId }): Promise<ModerationItem | undefined> => {
    const row = await repo.findSticker(db(), stickerId);
    if (!row?.published_key || (row.status !== "published" && row.status !== "hidden")) return undefined;
    return toModerationItem(row, row.status);
  },
);

async function toModerationItem(
  row: {
    id: string;
    user_id: string;
    kind: Kind;
    published_key: string | null;
    hidden_reason: string | null;
    created_at: Date;
  },
  status: "published" | "hidden",
): Promise<ModerationItem> {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    status,
    previewUrl: await Storage.presignDownload({
      key: status === "hidden" ? hiddenKey(row.published_key!) : row.published_key!,
      expiresInSeconds: previewExpirySeconds,
    }),
    hiddenReason: row.hidden_reason,
    createdAt: row.created_at.toISOString(),
  };
}

/** Whose a sticker or poster is, while anyone may have seen it (published, or hidden since); undefined otherwise. */
export const ownerOf = fn(z.object({ stickerId: Id }), async ({ stickerId }): Promise<string | undefined> => {
  const row = await repo.findSticker(db(), stickerId);
  return row && (row.status === "published" || row.status === "hidden") ? row.user_id : undefined;
});

/**
 * Called by account deletion inside its transaction: the person's stickers and posters and their
 * upload count go. Their images (published, hidden, or still uploading) are what the caller
 * removes from storage once the deletion has committed.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<Storage.StoredContent> {
  const rows = await repo.listKeysOf(executor, userId);
  await repo.deleteStickersOf(executor, userId);
  const keys = rows.flatMap((row) => (row.published_key ? [row.published_key, hiddenKey(row.published_key)] : []));
  return { prefixes: [`pending/stickers/${userId}/`], keys };
}

async function ownSticker(userId: string, stickerId: string): Promise<repo.StickerRow> {
  const row = await repo.findSticker(db(), stickerId);
  if (!row || row.user_id !== userId || row.status === "deleted") throw new NotFound("sticker", stickerId);
  return row;
}

async function moveObject(from: string, to: string): Promise<void> {
  if (!(await Storage.headObject(from))) return;
  await Storage.copyObject(from, to);
  await Storage.deleteObject(from);
}

function toSticker(row: repo.StickerRow): Sticker {
  return {
    id: row.id,
    kind: row.kind,
    url: Storage.publicUrl(row.published_key!),
    contentType: row.published_type!,
    width: row.width!,
    height: row.height!,
    createdAt: row.created_at.toISOString(),
  };
}
