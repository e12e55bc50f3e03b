import type { Timestamp } from "../db/columns";

/** The identity module's one table: Apple and Google identities linked to accounts, one per provider each. */
export interface IdentitiesTable {
  provider: "apple" | "google";
  /** The provider's stable id of the person (`sub`). */
  subject: string;
  account_id: string;
  linked_at: Timestamp;
}

export interface IdentityTables {
  identities: IdentitiesTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends IdentityTables {}
}
