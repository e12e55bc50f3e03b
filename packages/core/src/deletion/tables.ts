import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

/**
 * Each deleted account's erasure: what its content in storage was, and whether the last pass
 * (once every access token issued before the deletion has expired) has run.
 */
export interface AccountErasuresTable {
  account_id: string;
  requested_at: Timestamp;
  /** The last pass is due after this: the deletion plus the access tokens' lifetime. */
  final_after: Timestamp;
  /** `{ prefixes, keys }` of the storage objects to remove. */
  content: ColumnType<{ prefixes: string[]; keys: string[] }, string, string>;
  content_removed_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface DeletionTables {
  account_erasures: AccountErasuresTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends DeletionTables {}
}
