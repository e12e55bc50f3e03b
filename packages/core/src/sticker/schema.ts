// What stickers and posters look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { Id } from "../id";

/** A sticker is placed on things; a poster hangs on poster or monitor furniture in a room. */
export const Kind = z.enum(["sticker", "poster"]);
export type Kind = z.infer<typeof Kind>;
export const UploadType = z.enum(["image/png", "image/jpeg", "image/webp"]);
export type UploadType = z.infer<typeof UploadType>;

/** What an upload is published as: JPEG stays JPEG; PNG and WebP become PNG, which the Unity client decodes natively. */
export type PublishedType = "image/png" | "image/jpeg";

/** Pending while the upload is under way; deleted ones keep their row. */
export type StickerStatus = "pending" | "published" | "hidden" | "deleted";

export function publishedFormat(uploadType: UploadType): {
  contentType: PublishedType;
  extension: "png" | "jpg";
} {
  return uploadType === "image/jpeg"
    ? { contentType: "image/jpeg", extension: "jpg" }
    : { contentType: "image/png", extension: "png" };
}

/** Largest upload accepted, in bytes. */
export const maxUploadBytes = 5 * 1024 * 1024;

export const RequestUpload = z.strictObject({
  contentType: UploadType,
  byteLength: z.int().check(z.gte(1), z.lte(maxUploadBytes)),
  kind: z._default(Kind, "sticker"),
});

export const Upload = z.object({
  stickerId: z.string(),
  /** PUT the file here, with exactly `headers` and exactly `byteLength` bytes, before `expiresAt`. */
  uploadUrl: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
});
export type Upload = z.infer<typeof Upload>;

export const StickerPath = z.object({ id: Id });

export const Sticker = z.object({
  id: z.string(),
  kind: Kind,
  /** On the CDN; cached for an hour on devices. */
  url: z.string(),
  contentType: z.enum(["image/png", "image/jpeg"]),
  width: z.int(),
  height: z.int(),
  createdAt: z.iso.datetime(),
});
export type Sticker = z.infer<typeof Sticker>;

export const ListQuery = z.object({
  kind: z.optional(Kind),
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
});
export const StickerPage = z.object({ items: z.array(Sticker), nextCursor: z.nullable(z.string()) });
export type StickerPage = z.infer<typeof StickerPage>;

/** What the admin console's moderation queue shows. */
export const ModerationItem = z.object({
  id: z.string(),
  userId: z.string(),
  kind: Kind,
  status: z.enum(["published", "hidden"]),
  /** A short-lived signed link: hidden images are on no CDN. */
  previewUrl: z.string(),
  hiddenReason: z.nullable(z.string()),
  createdAt: z.iso.datetime(),
});
export type ModerationItem = z.infer<typeof ModerationItem>;
export const ModerationPage = z.object({ items: z.array(ModerationItem), nextCursor: z.nullable(z.string()) });
export type ModerationPage = z.infer<typeof ModerationPage>;
