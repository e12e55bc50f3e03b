import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";
import type { Visibility } from "./schema";

/** The room module's table: each room's metadata and current document version. */
export interface RoomsTable {
  id: string;
  user_id: string;
  name: string;
  visibility: Visibility;
  version: number;
  document_key: string;
  document_bytes: number;
  /** Set when moderators hid the room: no visitor lists it any more; its owner still does. */
  hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoomTables {
  rooms: RoomsTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends RoomTables {}
}
