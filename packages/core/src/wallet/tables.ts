import type { ColumnType } from "kysely";
import type { Timestamp } from "../db/columns";

/** BIGINT columns arrive as strings from the PlanetScale driver; they are written as numbers. */
type BigIntColumn = ColumnType<string, number, number>;

/** The wallet module's tables: balances and the ledger of every change to them. */
export interface WalletsTable {
  user_id: string;
  balance: BigIntColumn;
  updated_at: Timestamp;
}

export interface WalletLedgerTable {
  id: string;
  user_id: string;
  amount: BigIntColumn;
  reason: string;
  reference: string;
  balance_after: BigIntColumn;
  created_at: Timestamp;
}

export interface WalletTables {
  wallets: WalletsTable;
  wallet_ledger: WalletLedgerTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends WalletTables {}
}
