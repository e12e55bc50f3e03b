import type { ColumnType, JSONColumnType } from "kysely";
import type { Timestamp } from "../db/columns";
import type { UnlockCondition } from "./schema";

/** The item module's tables: the catalog (master data), who owns what, and purchases. */
export interface ItemsTable {
  id: string;
  kind: string;
  category: string;
  name: JSONColumnType<{ ja: string; en: string }, string, string>;
  price: number | null;
  rarity: string;
  starter: ColumnType<number, number, number>;
  available_from: Timestamp | null;
  available_until: Timestamp | null;
  unlock_conditions: JSONColumnType<UnlockCondition[], string, string>;
  sort_order: number;
  updated_at: Timestamp;
}

export interface InventoryItemsTable {
  user_id: string;
  item_id: string;
  kind: string;
  source: string;
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
