import type { ColumnType, Generated } from "kysely";

/**
 * Row types of every table, one interface per table, named after the table.
 * DATETIME columns arrive as Date (kysely-planetscale reads them as UTC).
 */
type Timestamp = ColumnType<Date, Date, Date>;

export interface AccountsTable {
  id: string;
  status: ColumnType<"active" | "banned", "active" | "banned" | undefined, "active" | "banned">;
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

export interface ProfilesTable {
  user_id: string;
  friend_id: string;
  name: string;
  search_name: string;
  bio: Generated<string>;
  time_zone: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProfileSearchGramsTable {
  gram: string;
  user_id: string;
}

export interface DB {
  accounts: AccountsTable;
  auth_sessions: AuthSessionsTable;
  refresh_tokens: RefreshTokensTable;
  profiles: ProfilesTable;
  profile_search_grams: ProfileSearchGramsTable;
}
