import type { JSONColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

/** The app module's table: one row per setting ("maintenance", "minimum_versions", "feature_flags"). */
export interface AppSettingsTable {
  name: string;
  value: JSONColumnType<object, string, string>;
  updated_at: Timestamp;
}

export interface AppTables {
  app_settings: AppSettingsTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends AppTables {}
}
