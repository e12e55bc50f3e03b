import type { JSONColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

type Localized = { ja: string; en?: string };

/** The notice module's table. */
export interface NoticesTable {
  id: string;
  title: JSONColumnType<Localized, string, string>;
  body: JSONColumnType<Localized, string, string>;
  /** "ios,android" */
  platforms: string;
  priority: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_at: Timestamp;
}

export interface NoticeTables {
  notices: NoticesTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends NoticeTables {}
}
