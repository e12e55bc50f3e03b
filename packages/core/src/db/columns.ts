import type { ColumnType } from "kysely";

// Column types the modules' tables.ts declare their columns with. Apart from db/types.ts, which
// gathers those tables, so that a table never imports the file that imports it.

/** DATETIME columns arrive as Date (kysely-planetscale reads them as UTC). */
export type Timestamp = ColumnType<Date, Date, Date>;
