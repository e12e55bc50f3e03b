import type { ColumnType } from "kysely";

/** The audit log: one row per operator change. Append-only but for erasure (see repo.ts). */
/** JSON columns: written as JSON text, read back parsed; the one update they take is erasure (null). */
type Json = ColumnType<unknown, string | null, null>;

export interface AdminAuditLogTable {
  id: string;
  operator_id: string;
  operator_email: string;
  action: string;
  target_type: string;
  target_id: string;
  before_json: Json;
  after_json: Json;
  ip: string;
  created_at: ColumnType<Date, Date, never>;
}

export interface AuditTables {
  admin_audit_log: AdminAuditLogTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends AuditTables {}
}
