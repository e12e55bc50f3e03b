import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

/** The account module's tables: accounts, the sessions of signed-in devices, refresh tokens. */
export type AccountStatus = "active" | "banned" | "deleted";

export interface AccountsTable {
  id: string;
  /** `deleted`: the person deleted it (or an operator did); the row keeps only the id and times. */
  status: ColumnType<AccountStatus, AccountStatus | undefined, AccountStatus>;
  banned_until: Timestamp | null;
  ban_reason: string | null;
  platform: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthSessionsTable {
  id: string;
  account_id: string;
  platform: string | null;
  device_label: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  account_id: string;
  issued_at: Timestamp;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
}

export interface AccountTables {
  accounts: AccountsTable;
  auth_sessions: AuthSessionsTable;
  refresh_tokens: RefreshTokensTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends AccountTables {}
}
