import type { Timestamp } from "../db/columns";

/** The limit module's one table: requests counted per limit and subject in the current window. */
export interface RateLimitsTable {
  /** `<limit>:<subject>`: the limit's name and whom it counts (a user id, a hashed address). */
  bucket: string;
  window_start: Timestamp;
  count: number;
}

export interface LimitTables {
  rate_limits: RateLimitsTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends LimitTables {}
}
