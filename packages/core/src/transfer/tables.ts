import type { Timestamp } from "../db/columns";

/** The transfer module's one table: each account's live transfer code, as hashes only. */
export interface TransferCodesTable {
  /** SHA-256 of the normalised code (it is 60 random bits: nothing to brute-force). */
  code_hash: string;
  account_id: string;
  /** scrypt of the passphrase, `scrypt$N$r$p$salt$hash`. */
  passphrase_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface TransferTables {
  transfer_codes: TransferCodesTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends TransferTables {}
}
