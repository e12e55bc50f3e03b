import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

/** The focus module's tables: sessions, and daily aggregates by the owner's local day. */
export interface FocusSessionsTable {
  id: string;
  user_id: string;
  mode: string;
  planned_minutes: number | null;
  tag: string | null;
  status: string;
  running_user_id: string | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  focused_minutes: number | null;
}

/** `day` is a DATE, read and written as "YYYY-MM-DD". */
export interface FocusDaysTable {
  user_id: string;
  day: string;
  minutes: number;
  sessions: number;
}

export interface FocusTagDaysTable {
  user_id: string;
  day: string;
  tag: string;
  minutes: number;
}

export interface FocusStreaksTable {
  user_id: string;
  last_day: string;
  current_days: number;
  longest_days: number;
  /** Lifetime focused minutes (BIGINT: read as a string). */
  total_minutes: ColumnType<string, number, number>;
}

export interface FocusTables {
  focus_sessions: FocusSessionsTable;
  focus_days: FocusDaysTable;
  focus_tag_days: FocusTagDaysTable;
  focus_streaks: FocusStreaksTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends FocusTables {}
}
