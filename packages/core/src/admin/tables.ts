import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

export type Role = "viewer" | "moderator" | "admin";
export type OperatorStatus = "active" | "disabled";

/** The admin module's tables: operators, their sessions, login throttling and the audit log. */
export interface AdminOperatorsTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  status: ColumnType<OperatorStatus, OperatorStatus | undefined, OperatorStatus>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdminSessionsTable {
  id: string;
  token_hash: string;
  operator_id: string;
  ip: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AdminLoginThrottleTable {
  throttle_key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

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

export interface AdminTables {
  admin_operators: AdminOperatorsTable;
  admin_sessions: AdminSessionsTable;
  admin_login_throttle: AdminLoginThrottleTable;
  admin_audit_log: AdminAuditLogTable;
}
