import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/types";

export type SpaceStatus = "open" | "closed";

/** The space module's one table: the public spaces. Who sits in them lives only in the cache. */
export interface SpacesTable {
  id: string;
  slug: string;
  name: string;
  capacity: number;
  status: ColumnType<SpaceStatus, SpaceStatus | undefined, SpaceStatus>;
  sort_order: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface SpaceTables {
  spaces: SpacesTable;
}
