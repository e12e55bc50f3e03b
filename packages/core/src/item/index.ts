// Items: the catalog of avatar parts and furniture (master data, read from the cache and the
// Lambda's memory), what each person owns, purchases paid from the wallet, and unlocks earned
// by focusing. Other modules ask `missingFromInventory` before using items in a document.
import { createHash } from "node:crypto";
import * as z from "zod/mini";
import * as Cache from "../cache";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { afterCommit, db, type Executor, isDuplicateKey, transaction } from "../db";
import { AppError, Conflict, NotFound, Unavailable } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import * as Wallet from "../wallet";
import * as repo from "./repo";
import {
  CatalogFile,
  CatalogItem,
  IdempotencyKey,
  InventoryQuery,
  type InventoryPage,
  type Item,
  ItemId,
  ItemsQuery,
  type ItemsPage,
  type Purchase,
  type UnlockCondition,
} from "./schema";

export * from "./schema";

interface Catalog {
  version: string;
  /** In display order: sortOrder, then id. */
  items: Item[];
}

export const catalogKey = "item:catalog";
const catalogTtlSeconds = 10 * 60;
/** Each Lambda keeps the catalog this long: an operator's edit reaches every instance within it. */
export const catalogMemorySeconds = 60;

/** The whole catalog: from this Lambda's memory, else one cache read, else one query. */
export async function catalog(): Promise<Catalog> {
  const found = await Cache.cached(catalogKey, catalogTtlSeconds, loadCatalog, { memorySeconds: catalogMemorySeconds });
  return found ?? loadCatalog();
}

async function loadCatalog(): Promise<Catalog> {
  const rows = await repo.findAllItems(db());
  const sorted = [...rows].sort((a, b) => a.sort_order - b.sort_order || (a.id < b.id ? -1 : 1));
  const items = sorted.map(toItem);
  // The version is the content's own hash: any edit, however it is made, changes it.
  const version = createHash("sha256").update(JSON.stringify(items)).digest("base64url").slice(0, 16);
  return { version, items };
}

export async function catalogVersion(): Promise<string> {
  return (await catalog()).version;
}

const CatalogAfter = z.tuple([z.int(), ItemId]);

/** A page of the catalog in display order (sortOrder, then id), optionally of one kind. */
export const list = fn(ItemsQuery, async ({ kind, cursor, limit }): Promise<ItemsPage> => {
  const { version, items } = await catalog();
  const after = cursor === undefined ? undefined : decodeCursor(CatalogAfter, cursor);
  const shown = items.filter(
    (item) =>
      (kind === undefined || item.kind === kind) &&
      (after === undefined || item.sortOrder > after[0] || (item.sortOrder === after[0] && item.id > after[1])),
  );
  const { page, nextCursor } = pageOf(shown, limit, (item) => [item.sortOrder, item.id]);
  return { catalogVersion: version, items: page, nextCursor };
});

/** Loads a catalog (the seed file, or an edit of it): validates it whole, then upserts every item. */
export const importCatalog = fn(CatalogFile, async ({ items }) => {
  const at = now();
  await transaction(async (tx) => {
    for (let start = 0; start < items.length; start += 200)
      await repo.upsertItems(tx, items.slice(start, start + 200), at);
  });
  await Cache.drop(catalogKey);
  return { items: items.length };
});

/** Creates or replaces one item (the admin console), validated like the seed file. */
export const saveItem = fn(CatalogItem, (item) => transaction((tx) => saveItemWithin(tx, item)));

/** In the caller's transaction (an audited console action); the cached catalog goes after its commit. */
export async function saveItemWithin(tx: Executor, item: CatalogItem): Promise<void> {
  await repo.upsertItems(tx, [item], now());
  afterCommit(tx, () => Cache.drop(catalogKey));
}

/** Item ids in `itemIds` the person may not use: neither owned nor starter (unknown ids included). One query. */
export const missingFromInventory = fn(
  z.object({ userId: Id, itemIds: z.array(ItemId).check(z.maxLength(1000)) }),
  async ({ userId, itemIds }): Promise<string[]> => {
    const starters = new Set((await catalog()).items.filter((item) => item.starter).map((item) => item.id));
    const wanted = [...new Set(itemIds)].filter((id) => !starters.has(id));
    const owned = new Set(await repo.findOwnedAmong(db(), userId, wanted));
    return wanted.filter((id) => !owned.has(id));
  },
);

const InventoryAfter = z.tuple([ItemId]);

/** What the person owns, starter items first on the first page, then owned rows by id. */
export const inventory = fn(
  z.extend(InventoryQuery, { userId: Id }),
  async ({ userId, kind, cursor, limit }): Promise<InventoryPage> => {
    const afterItemId = cursor === undefined ? undefined : decodeCursor(InventoryAfter, cursor)[0];
    const starters =
      afterItemId === undefined
        ? (await catalog()).items
            .filter((item) => item.starter && (kind === undefined || item.kind === kind))
            .map((item) => ({ itemId: item.id, kind: item.kind, source: "starter" as const, acquiredAt: null }))
        : [];
    const rows = await repo.findInventoryPage(db(), { userId, kind, afterItemId, limit });
    const { page, nextCursor } = pageOf(rows, limit, (row) => [row.item_id]);
    return {
      items: [
        ...starters,
        ...page.map((row) => ({
          itemId: row.item_id,
          kind: row.kind,
          source: row.source,
          acquiredAt: row.acquired_at.toISOString(),
        })),
      ],
      nextCursor,
    };
  },
);

/** Reads of the item's row before giving up on an item that keeps changing under its purchases. */
const itemRowReads = 3;

/**
 * Buys an item: charges the wallet, records the purchase under its idempotency key and adds the
 * item, in one transaction of four statements. The item is the catalog this Lambda remembers;
 * the purchase's insert holds it to the item's row (price, kind, on sale now), so an item an
 * operator has changed since is never what is charged: the row then decides, as it does every
 * refusal. A key seen before answers what it answered the first time, however many retries race;
 * a failed purchase claims nothing, so a retry with the same key tries again.
 */
export const purchase = fn(
  z.object({ userId: Id, itemId: ItemId, idempotencyKey: IdempotencyKey }),
  async ({ userId, itemId, idempotencyKey }): Promise<{ purchase: Purchase; replayed: boolean }> => {
    const request = { userId, itemId, key: idempotencyKey };
    const remembered = (await catalog()).items.find((candidate) => candidate.id === itemId);
    // A refusal from memory may be out of date too: only the row refuses.
    let attempt: Attempt =
      remembered && !saleRefusal(remembered, now()) ? await attemptPurchase(request, remembered) : { kind: "stale" };
    for (let rowReads = 0; attempt.kind === "stale"; rowReads++) {
      if (rowReads === itemRowReads) {
        throw new Unavailable("The item keeps changing; try again shortly.", { code: "contention", retryAfter: 1 });
      }
      const row = await repo.findItem(db(), itemId);
      attempt = await attemptPurchase(request, row && toItem(row));
    }
    if (attempt.kind === "bought") return { purchase: attempt.purchase, replayed: false };
    return earlierOr(request, attempt.error);
  },
);

/** Why the item cannot be bought at `at`, if it can't. */
function saleRefusal(item: Item, at: Date): AppError | undefined {
  // Everyone owns the starter items from sign-up on.
  if (item.starter) return new Conflict("You already own this item.", "already_owned");
  if (item.price === null) return new Conflict("This item cannot be bought.", "not_for_sale");
  const from = item.availableFrom === null ? undefined : new Date(item.availableFrom);
  const until = item.availableUntil === null ? undefined : new Date(item.availableUntil);
  if ((from && from > at) || (until && until <= at))
    return new Conflict("This item is not on sale now.", "not_available");
  return undefined;
}

interface PurchaseRequest {
  userId: string;
  itemId: string;
  key: string;
}

/** How a purchase ended: bought, refused, or rolled back because the item's row is not the item it was given. */
type Attempt = { kind: "bought"; purchase: Purchase } | { kind: "refused"; error: AppError } | { kind: "stale" };

/** Thrown inside the transaction when the item's row no longer matches, so that the charge rolls back. */
class ItemChanged extends Error {}

/** One purchase of `item` as given, in a transaction of its own. */
async function attemptPurchase(request: PurchaseRequest, item: Item | undefined): Promise<Attempt> {
  if (!item) return { kind: "refused", error: new NotFound("item", request.itemId, "item_not_found") };
  const at = now();
  const refusal = saleRefusal(item, at);
  if (refusal) return { kind: "refused", error: refusal };
  try {
    return { kind: "bought", purchase: await transaction((tx) => buyWithin(tx, request, item, at)) };
  } catch (error) {
    if (error instanceof ItemChanged) return { kind: "stale" };
    // Another request with this key committed first; one still running would have been waited for.
    if (isDuplicateKey(error, "item_purchases_key")) {
      return {
        kind: "refused",
        error: new Conflict("The purchase is still being made; retry with the same key.", "purchase_in_progress"),
      };
    }
    if (error instanceof AppError && error.code === "insufficient_funds") return { kind: "refused", error };
    throw error;
  }
}

/**
 * The charge first, so that the purchase is written with the balance it left; the purchase's
 * insert then claims the key (a duplicate rolls the charge back) only while the item's row sells
 * it as `item` says.
 */
async function buyWithin(tx: Executor, request: PurchaseRequest, item: Item, at: Date): Promise<Purchase> {
  const { userId, key } = request;
  const price = item.price!;
  const id = newId(at.getTime());
  const balance = await Wallet.debitWithin(tx, { userId, amount: price, reason: "shop", reference: id });
  const purchase = { id, userId, key, itemId: item.id, kind: item.kind, price, balanceAfter: balance, at };
  if (!(await repo.insertPurchaseWhileOnSale(tx, purchase))) throw new ItemChanged();
  try {
    await repo.insertInventoryItems(tx, [{ userId, itemId: item.id, kind: item.kind, source: "purchase", at }]);
  } catch (error) {
    if (isDuplicateKey(error)) throw new Conflict("You already own this item.", "already_owned");
    throw error;
  }
  return toPurchase({ id, item_id: item.id, price, balance_after: String(balance), created_at: at });
}

/** The purchase this key made before, replayed; else `error`. */
async function earlierOr(request: PurchaseRequest, error: AppError): Promise<{ purchase: Purchase; replayed: true }> {
  const row = await repo.findPurchaseByKey(db(), request.userId, request.key);
  if (!row) throw error;
  if (row.item_id !== request.itemId) {
    throw new Conflict("This Idempotency-Key was used for another item; use a new key.", "idempotency_key_reused");
  }
  return { purchase: toPurchase(row), replayed: true };
}

/** The items table's one mapper: a row as the catalog shows it. */
function toItem(row: repo.ItemRow): Item {
  return {
    id: row.id,
    kind: row.kind,
    category: row.category,
    name: row.name,
    price: row.price,
    rarity: row.rarity,
    starter: row.starter === 1,
    availableFrom: row.available_from?.toISOString() ?? null,
    availableUntil: row.available_until?.toISOString() ?? null,
    unlock: row.unlock_conditions,
    sortOrder: row.sort_order,
  };
}

function toPurchase(row: {
  id: string;
  item_id: string;
  price: number;
  balance_after: string;
  created_at: Date;
}): Purchase {
  return {
    purchaseId: row.id,
    itemId: row.item_id,
    price: row.price,
    balance: Number(row.balance_after),
    purchasedAt: row.created_at.toISOString(),
  };
}

/** Gives an item outside the shop (an operator's grant); false when it was already owned. */
export const grant = fn(z.object({ userId: Id, itemId: ItemId }), ({ userId, itemId }) =>
  transaction((tx) => grantWithin(tx, { userId, itemId })),
);

/** `grant` in the caller's transaction (an audited console action). */
export async function grantWithin(tx: Executor, { userId, itemId }: { userId: string; itemId: string }) {
  const item = (await catalog()).items.find((candidate) => candidate.id === itemId);
  if (!item) throw new NotFound("item", itemId, "item_not_found");
  if (item.starter) return false;
  try {
    // A failed statement is rolled back alone (MySQL): the caller's transaction goes on.
    await repo.insertInventoryItems(tx, [{ userId, itemId, kind: item.kind, source: "grant", at: now() }]);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export interface Progress {
  totalMinutes: number;
  streakDays: number;
  /** When the session that made this progress finished. */
  at: Date;
}

/**
 * Grants every unlock-only item whose conditions the progress now meets and the person lacks,
 * inside the caller's transaction (the focus finish), so it happens exactly once with it.
 * Two queries when some condition holds, none otherwise.
 */
export async function grantUnlocksWithin(tx: Executor, userId: string, progress: Progress): Promise<string[]> {
  const earned = (await catalog()).items.filter(
    (item) => item.unlock.length > 0 && item.unlock.every((condition) => holds(condition, progress)),
  );
  if (earned.length === 0) return [];
  const owned = new Set(
    await repo.findOwnedAmong(
      tx,
      userId,
      earned.map((item) => item.id),
    ),
  );
  const granted = earned.filter((item) => !owned.has(item.id));
  if (granted.length === 0) return [];
  await repo.insertInventoryItems(
    tx,
    granted.map((item) => ({ userId, itemId: item.id, kind: item.kind, source: "unlock", at: progress.at })),
  );
  return granted.map((item) => item.id);
}

function holds(condition: UnlockCondition, progress: Progress): boolean {
  switch (condition.type) {
    case "focus_minutes":
      return progress.totalMinutes >= condition.atLeast;
    case "streak_days":
      return progress.streakDays >= condition.atLeast;
    case "finished_between":
      return progress.at >= new Date(condition.from) && progress.at < new Date(condition.until);
  }
}

/**
 * Called by account deletion inside its transaction: the inventory goes. Purchases stay (ids,
 * item and price), beside the wallet's ledger whose entries they explain.
 */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await repo.deleteInventoryOf(executor, userId);
}
