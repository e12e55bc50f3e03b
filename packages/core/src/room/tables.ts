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
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoomTables {
  rooms: RoomsTable;
}
