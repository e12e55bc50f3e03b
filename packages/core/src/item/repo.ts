import { type Insertable, sql } from "kysely";
import type { Executor } from "../db";
import type { CatalogItem, Kind, Source } from "./schema";
import type { ItemsTable } from "./tables";

const itemColumns = [
  "id",
  "kind",
  "category",
  "name",
  "price",
  "rarity",
  "starter",
  "available_from",
  "available_until",
  "unlock_conditions",
  "sort_order",
] as const;

export type ItemRow = Awaited<ReturnType<typeof findAllItems>>[number];

/** The whole catalog: master data, bounded by the seed schema (at most a few thousand rows). */
export async function findAllItems(db: Executor) {
  return db.selectFrom("items").select(itemColumns).orderBy("id").limit(10_000).execute();
}

export async function findExistingIds(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("items").select("id").where("id", "in", ids).execute();
  return rows.map((row) => row.id);
}

export async function findItem(db: Executor, id: string) {
  return db.selectFrom("items").select(itemColumns).where("id", "=", id).executeTakeFirst();
}

/** Inserts or replaces items, in one statement per call. */
export async function upsertItems(db: Executor, items: CatalogItem[], at: Date) {
  if (items.length === 0) return;
  const rows = items.map((item): Insertable<ItemsTable> => ({
    id: item.id,
    kind: item.kind,
    category: item.category,
    name: JSON.stringify(item.name),
    price: item.price,
    rarity: item.rarity,
    starter: item.starter ? 1 : 0,
    available_from: item.availability.from ? new Date(item.availability.from) : null,
    available_until: item.availability.until ? new Date(item.availability.until) : null,
    unlock_conditions: JSON.stringify(item.unlock),
    sort_order: item.sortOrder,
    updated_at: at,
  }));
  // VALUES(column) is the row being inserted; it works on MySQL 8 and MariaDB alike.
  const replaced = <T>(column: string) => sql.raw<T>(`VALUES(${column})`);
  await db
    .insertInto("items")
    .values(rows)
    .onDuplicateKeyUpdate({
      kind: replaced("kind"),
      category: replaced("category"),
      name: replaced("name"),
      price: replaced("price"),
      rarity: replaced("rarity"),
      starter: replaced("starter"),
      available_from: replaced("available_from"),
      available_until: replaced("available_until"),
      unlock_conditions: replaced("unlock_conditions"),
      sort_order: replaced("sort_order"),
      updated_at: replaced("updated_at"),
    })
    .execute();
}

/** Which of `itemIds` the person owns (by row; starter items have none). */
export async function findOwnedAmong(db: Executor, userId: string, itemIds: string[]): Promise<string[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .selectFrom("inventory_items")
    .select("item_id")
    .where("user_id", "=", userId)
    .where("item_id", "in", itemIds)
    .execute();
  return rows.map((row) => row.item_id);
}

export async function insertInventoryItems(
  db: Executor,
  rows: { userId: string; itemId: string; kind: Kind; source: Exclude<Source, "starter">; at: Date }[],
) {
  await db
    .insertInto("inventory_items")
    .values(
      rows.map((row) => ({
        user_id: row.userId,
        item_id: row.itemId,
        kind: row.kind,
        source: row.source,
        acquired_at: row.at,
      })),
    )
    .execute();
}

export async function findInventoryPage(
  db: Executor,
  query: { userId: string; kind?: Kind; afterItemId?: string; limit: number },
) {
  let select = db
    .selectFrom("inventory_items")
    .select(["item_id", "kind", "source", "acquired_at"])
    .where("user_id", "=", query.userId);
  if (query.kind) select = select.where("kind", "=", query.kind);
  if (query.afterItemId) select = select.where("item_id", ">", query.afterItemId);
  return select
    .orderBy("item_id")
    .limit(query.limit + 1)
    .execute();
}

/**
 * Records a purchase only while the item's row sells it as the buyer saw it (price, kind, on sale
 * at `at`): false when it does not, e.g. after an operator's edit. Reading the row share-locks it
 * until the commit, so the price charged is the item's price when the purchase commits.
 */
export async function insertPurchaseWhileOnSale(
  db: Executor,
  row: {
    id: string;
    userId: string;
    key: string;
    itemId: string;
    kind: Kind;
    price: number;
    balanceAfter: number;
    at: Date;
  },
): Promise<boolean> {
  const result = await db
    .insertInto("item_purchases")
    .columns(["id", "user_id", "idempotency_key", "item_id", "price", "balance_after", "created_at"])
    .expression(
      db
        .selectFrom("items")
        .select([
          sql<string>`${row.id}`.as("id"),
          sql<string>`${row.userId}`.as("user_id"),
          sql<string>`${row.key}`.as("idempotency_key"),
          "items.id as item_id",
          "items.price",
          sql<number>`${row.balanceAfter}`.as("balance_after"),
          sql<Date>`${row.at}`.as("created_at"),
        ])
        .where("items.id", "=", row.itemId)
        .where("items.price", "=", row.price)
        .where("items.kind", "=", row.kind)
        .where("items.starter", "=", 0)
        .where((eb) => eb.or([eb("items.available_from", "is", null), eb("items.available_from", "<=", row.at)]))
        .where((eb) => eb.or([eb("items.available_until", "is", null), eb("items.available_until", ">", row.at)])),
    )
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

export async function findPurchaseByKey(db: Executor, userId: string, key: string) {
  return db
    .selectFrom("item_purchases")
    .select(["id", "item_id", "price", "balance_after", "created_at"])
    .where("user_id", "=", userId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function deleteInventoryOf(db: Executor, userId: string) {
  await db.deleteFrom("inventory_items").where("user_id", "=", userId).execute();
}
