import { sql } from "kysely";
import type { Executor } from "../db";
import type { Kind, PublishedType, StickerStatus, UploadType } from "./schema";
import { forceIndex } from "../db/force-index";

const stickerColumns = [
  "id",
  "user_id",
  "kind",
  "status",
  "upload_type",
  "upload_bytes",
  "published_key",
  "published_type",
  "width",
  "height",
  "hidden_reason",
  "created_at",
] as const;

export type StickerRow = Awaited<ReturnType<typeof findSticker>> & {};

/** With `forUpdate`, the row stays locked until the transaction ends: completion and deletion take turns. */
export async function findSticker(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  const select = db.selectFrom("stickers").select(stickerColumns).where("id", "=", id);
  return (options.forUpdate ? select.forUpdate() : select).executeTakeFirst();
}

/**
 * Counts today's upload in the uploader's quota row (a new day starts at one) and locks that
 * row until the transaction ends, so concurrent requests of one person take turns.
 */
export async function countUpload(db: Executor, userId: string, day: string) {
  await db
    .insertInto("sticker_quotas")
    .values({ user_id: userId, day, uploads_on_day: 1 })
    .onDuplicateKeyUpdate({
      // Assignments apply left to right: the count reads the old day.
      uploads_on_day: sql`IF(day = ${day}, uploads_on_day + 1, 1)`,
      day,
    })
    .execute();
}

/** Today's uploads (counted just before) and the live stickers: published, or pending since `pendingSince`. */
export async function findUsage(db: Executor, userId: string, pendingSince: Date) {
  const row = await db
    .selectFrom("sticker_quotas")
    .select((eb) => [
      "uploads_on_day",
      eb
        .selectFrom("stickers")
        .select(sql<string>`COUNT(*)`.as("count"))
        .where("user_id", "=", userId)
        .where((inner) =>
          inner.or([
            inner("status", "=", "published"),
            inner.and([inner("status", "=", "pending"), inner("created_at", ">", pendingSince)]),
          ]),
        )
        .as("live"),
    ])
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return { uploadsToday: row.uploads_on_day, live: Number(row.live ?? 0) };
}

export async function insertSticker(
  db: Executor,
  row: { id: string; userId: string; kind: Kind; uploadType: UploadType; uploadBytes: number; at: Date },
) {
  await db
    .insertInto("stickers")
    .values({
      id: row.id,
      user_id: row.userId,
      kind: row.kind,
      status: "pending",
      upload_type: row.uploadType,
      upload_bytes: row.uploadBytes,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

/** Pending → published; false when another request published it first. */
export async function markPublished(
  db: Executor,
  id: string,
  published: { key: string; contentType: PublishedType; width: number; height: number; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("stickers")
    .set({
      status: "published",
      published_key: published.key,
      published_type: published.contentType,
      width: published.width,
      height: published.height,
      updated_at: published.at,
    })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Moves a sticker from one status to another; false when it was not in `from`. */
export async function setStatus(
  db: Executor,
  id: string,
  change: { from: StickerStatus[]; to: StickerStatus; hiddenReason?: string | null; userId?: string; at: Date },
): Promise<boolean> {
  let update = db
    .updateTable("stickers")
    .set({
      status: change.to,
      updated_at: change.at,
      ...(change.hiddenReason === undefined ? {} : { hidden_reason: change.hiddenReason }),
    })
    .where("id", "=", id)
    .where("status", "in", change.from);
  if (change.userId) update = update.where("user_id", "=", change.userId);
  const result = await update.executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The owner's published stickers, newest first, through (user_id, status, id) by force (see forceIndex). */
export async function listPublished(
  db: Executor,
  query: { userId: string; kind?: Kind; before?: string; limit: number },
) {
  let select = db
    .selectFrom(forceIndex("stickers", "stickers_user"))
    .select(stickerColumns)
    .where("user_id", "=", query.userId)
    .where("status", "=", "published")
    .orderBy("id", "desc")
    .limit(query.limit + 1);
  if (query.kind) select = select.where("kind", "=", query.kind);
  if (query.before) select = select.where("id", "<", query.before);
  return select.execute();
}

/** Everyone's stickers in one status, newest first, for moderators, through (status, id) by force (see forceIndex). */
export async function listByStatus(db: Executor, query: { status: StickerStatus; before?: string; limit: number }) {
  let select = db
    .selectFrom(forceIndex("stickers", "stickers_status"))
    .select(stickerColumns)
    .where("status", "=", query.status)
    .orderBy("id", "desc")
    .limit(query.limit + 1);
  if (query.before) select = select.where("id", "<", query.before);
  return select.execute();
}

/** Of `ids`, the person's published stickers of one kind (by primary key). */
export async function findPublishedAmong(db: Executor, userId: string, ids: string[], kind: Kind) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("stickers")
    .select(["id", "published_key"])
    .where("id", "in", ids)
    .where("user_id", "=", userId)
    .where("status", "=", "published")
    .where("kind", "=", kind)
    .execute();
}

/** Every sticker of a person that may still have an image (not deleted), on the user's index. */
export async function listKeysOf(db: Executor, userId: string) {
  return db
    .selectFrom("stickers")
    .select(["id", "published_key"])
    .where("user_id", "=", userId)
    .where("status", "in", ["pending", "published", "hidden"])
    .execute();
}

export async function deleteStickersOf(db: Executor, userId: string) {
  await db.deleteFrom("stickers").where("user_id", "=", userId).execute();
  await db.deleteFrom("sticker_quotas").where("user_id", "=", userId).execute();
}
