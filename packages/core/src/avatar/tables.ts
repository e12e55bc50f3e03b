import type { Timestamp } from "../db/columns";

/** The avatar module's table: the current version of each person's avatar document. */
export interface AvatarsTable {
  user_id: string;
  version: number;
  document_key: string;
  document_bytes: number;
  updated_at: Timestamp;
}

export interface AvatarTables {
  avatars: AvatarsTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends AvatarTables {}
}
