import type { ColumnType } from "kysely";

// Column types the modules' tables.ts declare their columns with. Apart from db/types.ts, which
// gathers those tables, so that a table never imports the file that imports it.

/** DATETIME columns arrive as Date (kysely-planetscale reads them as UTC). */
export type Timestamp = ColumnType<Date, Date, Date>;

/**
 * A TINYINT flag. The driver has no booleans (it reads every TINYINT as a number), so the column
 * holds 0 or 1 and the table's one mapper turns it into a boolean.
 */
export type Flag = ColumnType<0 | 1, 0 | 1 | undefined, 0 | 1>;
