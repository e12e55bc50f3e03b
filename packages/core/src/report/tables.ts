import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";
import type { Reason, Resolution, TargetType } from "./schema";

/** The report module's tables: each report, and each reported target with its open count (the queue). */
export interface ReportsTable {
  id: string;
  reporter_id: string;
  target_type: TargetType;
  target_id: string;
  /** Whose the target is (the person, for a user): bans and account deletion find reports by it. */
  owner_id: string;
  reason: Reason;
  note: string | null;
  /** 1 while open, null once closed: the unique key on (reporter, target, open_key) holds among open reports only. */
  open_key: ColumnType<1 | null, 1 | null, null>;
  status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "closed">;
  resolution: Resolution | null;
  /** The operator who closed it; null when it closed by itself (the account was deleted). */
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ReportTargetsTable {
  target_type: TargetType;
  target_id: string;
  owner_id: string;
  status: "open" | "closed";
  open_reports: number;
  /** When the oldest open report came: the queue's order. */
  first_reported_at: Timestamp;
  last_reported_at: Timestamp;
}

export interface ReportTables {
  reports: ReportsTable;
  report_targets: ReportTargetsTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends ReportTables {}
}
