import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

export type SpaceStatus = "open" | "closed";

/** The public spaces, made by operators. */
export interface SpacesTable {
  id: string;
  slug: string;
  name: string;
  capacity: number;
  status: ColumnType<SpaceStatus, SpaceStatus | undefined, SpaceStatus>;
  sort_order: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

/**
 * Where each person is, as friends see it: a seat in a space (live while `seat_until` is ahead)
 * and a running focus session (shown while `focus_until` is ahead). One row per person.
 */
export interface PresenceTable {
  user_id: string;
  space_id: string | null;
  seat_until: Timestamp | null;
  /** Heartbeats taken; every beat changes the row, so an update always reports it found the seat. */
  beats: ColumnType<number, number | undefined, number>;
  focus_until: Timestamp | null;
  /** The planned end of the running session; null for count-up. */
  focus_ends_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface SpaceTables {
  spaces: SpacesTable;
  presence: PresenceTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends SpaceTables {}
}
