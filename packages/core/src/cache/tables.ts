import type { Timestamp } from "../db/columns";

/**
 * The cache adapter's one table: what changed, so that every Lambda can forget its copy of it
 * (see memo.ts). One row per key, rewritten on each change, so the table never outgrows the keys.
 */
export interface CacheInvalidationsTable {
  topic: string;
  cache_key: string;
  changed_at: Timestamp;
}

export interface CacheTables {
  cache_invalidations: CacheInvalidationsTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends CacheTables {}
}
