import type { Timestamp } from "../db/columns";

/** The friend module's tables: friendships (one row per side), pending requests. */
export interface FriendshipsTable {
  user_id: string;
  other_id: string;
  created_at: Timestamp;
}

export interface FriendRequestsTable {
  id: string;
  from_user_id: string;
  to_user_id: string;
  pair_low: string;
  pair_high: string;
  created_at: Timestamp;
}

/**
 * A row per person, which every transaction that changed their friends or requests locked until
 * 2026-12; the friend lists' invalidation rows are the locks now (lockFriendLists). Kept until no
 * deployed code writes it: account deletion still removes a person's row.
 */
export interface FriendLocksTable {
  user_id: string;
  created_at: Timestamp;
}

export interface FriendTables {
  friendships: FriendshipsTable;
  friend_requests: FriendRequestsTable;
  friend_locks: FriendLocksTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends FriendTables {}
}
