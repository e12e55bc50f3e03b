import type { Generated } from "kysely";
import type { Timestamp } from "../db/columns";

/** The profile module's tables: profiles and the bigram index of their names. */
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

export interface ProfileSearchGramsTable {
  gram: string;
  user_id: string;
}

export interface ProfileTables {
  profiles: ProfilesTable;
  profile_search_grams: ProfileSearchGramsTable;
}
