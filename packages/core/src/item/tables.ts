import type { ColumnType, JSONColumnType } from "kysely";
import type { Flag, Timestamp } from "../db/columns";
import type { Kind, Rarity, Source, UnlockCondition } from "./schema";

/** The item module's tables: the catalog (master data), who owns what, and purchases. */
export interface ItemsTable {
  id: string;
  kind: Kind;
  category: string;
  name: JSONColumnType<{ ja: string; en: string }, string, string>;
  price: number | null;
  rarity: Rarity;
  starter: Flag;
  available_from: Timestamp | null;
  available_until: Timestamp | null;
  unlock_conditions: JSONColumnType<UnlockCondition[], string, string>;
  sort_order: number;
  updated_at: Timestamp;
}

export interface InventoryItemsTable {
  user_id: string;
  item_id: string;
  kind: Kind;
  source: Exclude<Source, "starter">;
  acquired_at: Timestamp;
}

export interface ItemPurchasesTable {
  id: string;
  user_id: string;
  idempotency_key: string;
  item_id: string;
  price: number;
  balance_after: ColumnType<string, number, number>;
  created_at: Timestamp;
}

export interface ItemTables {
  items: ItemsTable;
  inventory_items: InventoryItemsTable;
  item_purchases: ItemPurchasesTable;
}

// Adds these tables to the one `DB` type every query is checked against (db/types.ts).
declare module "../db/types" {
  interface DB extends ItemTables {}
}
