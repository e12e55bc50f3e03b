import type { Timestamp } from "../db/columns";
import type { Kind, PublishedType, StickerStatus, UploadType } from "./schema";

/** The sticker module's tables: images people upload, and each uploader's daily count. */
export interface StickersTable {
  id: string;
  user_id: string;
  kind: Kind;
  status: StickerStatus;
  upload_type: UploadType;
  upload_bytes: number;
  published_key: string | null;
  published_type: PublishedType | null;
  width: number | null;
  height: number | null;
  hidden_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** `day` is a DATE (UTC), read and written as "YYYY-MM-DD". */
export interface StickerQuotasTable {
  user_id: string;
  day: string;
  uploads_on_day: number;
}

export interface StickerTables {
  stickers: StickersTable;
  sticker_quotas: StickerQuotasTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends StickerTables {}
}
