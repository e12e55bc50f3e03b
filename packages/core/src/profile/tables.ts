import type { Generated } from "kysely";
import type { Timestamp } from "../db/columns";

/** The profile module's tables: profiles and the suffix index of their names. */
export interface ProfilesTable {
  user_id: string;
  friend_id: string;
  name: string;
  search_name: string;
  bio: Generated<string>;
  time_zone: Generated<string>;
  /** The current published avatar document, owned by the avatar module; null before the first save. */
  avatar_key: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Each suffix of a folded name from its second character on, two characters or longer (name.ts). */
export interface ProfileSearchSuffixesTable {
  suffix: string;
  user_id: string;
}

export interface ProfileTables {
  profiles: ProfilesTable;
  profile_search_suffixes: ProfileSearchSuffixesTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends ProfileTables {}
}
