import type { Timestamp } from "../db/columns";

/** The block module's one table: who blocked whom. Either direction hides the two from each other. */
export interface BlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: Timestamp;
}

export interface BlockTables {
  blocks: BlocksTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends BlockTables {}
}
