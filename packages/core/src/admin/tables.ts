import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

export type Role = "viewer" | "moderator" | "admin";
export type OperatorStatus = "active" | "disabled";

/** The admin module's tables: operators, their sessions and login throttling. */
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

export interface AdminTables {
  admin_operators: AdminOperatorsTable;
  admin_sessions: AdminSessionsTable;
  admin_login_throttle: AdminLoginThrottleTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends AdminTables {}
}
