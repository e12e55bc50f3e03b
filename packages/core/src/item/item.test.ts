import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import * as Cache from "../cache";
import { advanceClock, now, resetClock } from "../clock";
import { db } from "../db";
import { rowCounts } from "../db/testing";
import * as Focus from "../focus";
import { trackUsage } from "../usage";
import * as Wallet from "../wallet";
import * as Item from "./index";
import { catalogFile, seedCatalog } from "./seed";

/** An item as the seed file has it. */
function catalogEntry(id: string) {
  const file = JSON.parse(readFileSync(catalogFile, "utf8")) as { items: Item.CatalogItem[] };
  return file.items.find((item) => item.id === id)!;
}

const minute = 60 * 1000;

afterEach(() => resetClock());

async function newUser(coins = 0): Promise<string> {
  const { userId } = await Account.signup({});
  if (coins > 0) await Wallet.credit({ userId, amount: coins, reason: "grant", reference: "test" });
  return userId;
}

function setClock(iso: string): void {
  advanceClock(new Date(iso).getTime() - now().getTime());
}

async function ledgerSum(userId: string): Promise<number> {
  const { rows } = await sql<{ total: string | null }>`
    SELECT SUM(amount) AS total FROM wallet_ledger WHERE user_id = ${userId}`.execute(db());
  return Number(rows[0]?.total ?? 0);
}

let keys = 0;
function freshKey(): string {
  keys += 1;
  return `key-${Date.now()}-${keys}`;
}

describe("the catalog", () => {
  it("lists the seeded items in display order, one kind at a time, page by page", async () => {
    const first = await Item.list({ kind: "furniture", limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.items.every((item) => item.kind === "furniture")).toBe(true);
    expect(first.items[0]).toMatchObject({ id: "desk-basic", starter: true, price: null });
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await Item.list({ kind: "furniture", limit: 5, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    const orders = seen.map((item) => item.sortOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    expect(seen.length).toBe((await Item.catalog()).items.filter((item) => item.kind === "furniture").length);
  });

  it("changes its version when an item changes, and the change is read after the memory copy lapses", async () => {
    const before = await Item.catalogVersion();
    await Item.saveItem({
      id: "lamp-floor",
      kind: "furniture",
      category: "lamp",
      name: { ja: "フロアランプ", en: "Floor lamp" },
      price: 220,
      rarity: "common",
    });
    Cache.resetCache();
    const after = await Item.catalog();
    expect(after.version).not.toBe(before);
    expect(after.items.find((item) => item.id === "lamp-floor")).toMatchObject({ price: 220, starter: false });
  });

  it("is read from the Lambda's memory: repeated reads cost no query and no cache operation", async () => {
    await Item.list({});
    const { usage, result } = trackUsage(async () => {
      for (let read = 0; read < 20; read++) await Item.list({ kind: "avatar_part" });
    });
    await result;
    expect(usage).toMatchObject({ dbQueries: 0, cacheOps: 0 });
  });

  it("is seeded by adding missing items, leaving the ones operators edited", async () => {
    await Item.saveItem({
      id: "lamp-desk",
      kind: "furniture",
      category: "lamp",
      name: { ja: "デスクライト", en: "Desk lamp" },
      price: 75,
      rarity: "common",
      sortOrder: 1200,
    });
    await sql`DELETE FROM items WHERE id = 'rug-round'`.execute(db());
    expect(await seedCatalog(db())).toBe(1);
    expect(await seedCatalog(db())).toBe(0);
    Cache.resetCache();
    const items = (await Item.catalog()).items;
    expect(items.find((item) => item.id === "lamp-desk")?.price).toBe(75);
    expect(items.find((item) => item.id === "rug-round")?.price).toBe(60);
    await Item.saveItem({ ...catalogEntry("lamp-desk"), price: 90 });
  });

  it("refuses a seed file with repeated ids or a priced starter item, and writes nothing", async () => {
    const counts = await rowCounts();
    const item = {
      id: "dup-item",
      kind: "furniture",
      category: "desk",
      name: { ja: "机", en: "Desk" },
      price: 10,
      rarity: "common",
    } as const;
    await expect(Item.importCatalog({ version: 2, items: [item, item] })).rejects.toMatchObject({ status: 400 });
    await expect(
      Item.importCatalog({ version: 2, items: [{ ...item, id: "starter-priced", starter: true }] }),
    ).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ path: "items.0.price" })] });
    expect(await rowCounts()).toEqual(counts);
  });
});

describe("purchases", () => {
  it("charges the price, adds the item and records both, once per key", async () => {
    const userId = await newUser(500);
    const key = freshKey();
    const first = await Item.purchase({ userId, itemId: "lamp-desk", idempotencyKey: key });
    expect(first).toMatchObject({ replayed: false, purchase: { itemId: "lamp-desk", price: 90, balance: 410 } });
    const again = await Item.purchase({ userId, itemId: "lamp-desk", idempotencyKey: key });
    expect(again).toEqual({ replayed: true, purchase: first.purchase });
    expect(await Wallet.balanceOf({ userId })).toBe(410);
    const owned = await Item.inventory({ userId, kind: "furniture" });
    expect(owned.items.filter((item) => item.source === "purchase").map((item) => item.itemId)).toEqual(["lamp-desk"]);
  });

  it("charges once when 50 calls with the same key arrive together", async () => {
    const userId = await newUser(1000);
    const key = freshKey();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => Item.purchase({ userId, itemId: "chair-gaming", idempotencyKey: key })),
    );
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.purchase.purchaseId)).size).toBe(1);
    expect(await Wallet.balanceOf({ userId })).toBe(300);
    expect(await ledgerSum(userId)).toBe(300);
  });

  it("refuses an owned item under a new key with already_owned, charging nothing", async () => {
    const userId = await newUser(500);
    await Item.purchase({ userId, itemId: "rug-round", idempotencyKey: freshKey() });
    const counts = await rowCounts();
    await expect(Item.purchase({ userId, itemId: "rug-round", idempotencyKey: freshKey() })).rejects.toMatchObject({
      status: 409,
      code: "already_owned",
    });
    expect(await rowCounts()).toEqual(counts);
    expect(await Wallet.balanceOf({ userId })).toBe(440);
  });

  it("refuses without enough coins, writes nothing, and lets the same key succeed once coins arrive", async () => {
    const userId = await newUser(100);
    const key = freshKey();
    const counts = await rowCounts();
    await expect(Item.purchase({ userId, itemId: "desk-oak", idempotencyKey: key })).rejects.toMatchObject({
      status: 409,
      code: "insufficient_funds",
    });
    expect(await rowCounts()).toEqual(counts);
    await Wallet.credit({ userId, amount: 300, reason: "grant", reference: "more" });
    expect(await Item.purchase({ userId, itemId: "desk-oak", idempotencyKey: key })).toMatchObject({
      replayed: false,
      purchase: { balance: 0 },
    });
  });

  it("names why an item cannot be bought", async () => {
    const userId = await newUser(5000);
    setClock("2026-11-01T00:00:00Z");
    await expect(Item.purchase({ userId, itemId: "window-winter", idempotencyKey: freshKey() })).rejects.toMatchObject({
      status: 409,
      code: "not_available",
    });
    await expect(Item.purchase({ userId, itemId: "clock-wall", idempotencyKey: freshKey() })).rejects.toMatchObject({
      status: 409,
      code: "not_for_sale",
    });
    await expect(Item.purchase({ userId, itemId: "no-such-item", idempotencyKey: freshKey() })).rejects.toMatchObject({
      status: 404,
      code: "item_not_found",
    });
    // Everyone owns a starter item from the start, and the catalog lists it.
    const counts = await rowCounts();
    await expect(Item.purchase({ userId, itemId: "desk-basic", idempotencyKey: freshKey() })).rejects.toMatchObject({
      status: 409,
      code: "already_owned",
    });
    expect(await rowCounts()).toEqual(counts);
    setClock("2026-12-24T12:00:00+09:00");
    expect(await Item.purchase({ userId, itemId: "window-winter", idempotencyKey: freshKey() })).toMatchObject({
      purchase: { price: 300 },
    });
  });

  it("refuses a key reused for another item", async () => {
    const userId = await newUser(500);
    const key = freshKey();
    await Item.purchase({ userId, itemId: "plant-monstera", idempotencyKey: key });
    await expect(Item.purchase({ userId, itemId: "shelf-books", idempotencyKey: key })).rejects.toMatchObject({
      status: 409,
      code: "idempotency_key_reused",
    });
  });

  it("keeps every balance non-negative and equal to its ledger after a storm of purchases", async () => {
    const buyers = await Promise.all([newUser(400), newUser(250), newUser(90), newUser(1000)]);
    const items = ["lamp-desk", "plant-monstera", "shelf-books", "rug-round", "poster-frame", "hair-bob"];
    const attempts = buyers.flatMap((userId) =>
      items.flatMap((itemId) => {
        const key = freshKey();
        // Each purchase twice with its key, and once more with a key of its own.
        return [key, key, freshKey()].map((idempotencyKey) => ({ userId, itemId, idempotencyKey }));
      }),
    );
    const outcomes = await Promise.allSettled(attempts.map((attempt) => Item.purchase(attempt)));
    const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason.code] : []));
    expect(new Set(refused)).toEqual(new Set(["already_owned", "insufficient_funds"]));
    for (const userId of buyers) {
      const balance = await Wallet.balanceOf({ userId });
      expect(balance).toBeGreaterThanOrEqual(0);
      expect(await ledgerSum(userId)).toBe(balance);
      const bought = (await Item.inventory({ userId })).items.filter((item) => item.source === "purchase").length;
      const { rows } = await sql<{ count: string }>`
        SELECT COUNT(*) AS count FROM wallet_ledger WHERE user_id = ${userId} AND reason = 'shop'`.execute(db());
      expect(Number(rows[0]?.count)).toBe(bought);
    }
  });
});

describe("purchases from the catalog this Lambda remembers", () => {
  // Another Lambda's operator edit reaches this one's memory only within catalogMemorySeconds:
  // the row is changed here behind the memory's back, as that edit would look from this Lambda.
  async function rememberedItem(id: string, price: number | null) {
    await Item.saveItem({
      id,
      kind: "furniture",
      category: "decor",
      name: { ja: "テスト", en: "Test" },
      price,
      rarity: "common",
    });
    await Item.catalog();
  }

  afterAll(async () => {
    await db().deleteFrom("items").where("id", "like", "test-%").execute();
    await Cache.drop(Item.catalogKey);
  });

  async function changeRow(id: string, change: Record<string, unknown>) {
    await db().updateTable("items").set(change).where("id", "=", id).execute();
  }

  async function shopEntries(userId: string) {
    const { rows } = await sql<{ amount: string }>`
      SELECT amount FROM wallet_ledger WHERE user_id = ${userId} AND reason = 'shop'`.execute(db());
    return rows.map((row) => Number(row.amount));
  }

  it("costs six round trips: BEGIN, the charge and its ledger row, the purchase, the item, COMMIT", async () => {
    const userId = await newUser(500);
    await Item.catalog();
    const { usage, result } = trackUsage(() =>
      Item.purchase({ userId, itemId: "lamp-desk", idempotencyKey: freshKey() }),
    );
    expect(await result).toMatchObject({ replayed: false, purchase: { price: 90, balance: 410 } });
    expect(usage.dbQueries).toBe(6);
  });

  it("charges the price the item's row holds when the remembered one is older", async () => {
    await rememberedItem("test-vase", 100);
    await changeRow("test-vase", { price: 150 });
    expect((await Item.catalog()).items.find((item) => item.id === "test-vase")?.price).toBe(100);
    const userId = await newUser(500);
    expect(await Item.purchase({ userId, itemId: "test-vase", idempotencyKey: freshKey() })).toMatchObject({
      purchase: { price: 150, balance: 350 },
    });
    expect(await shopEntries(userId)).toEqual([-150]);
    expect(await Wallet.balanceOf({ userId })).toBe(350);
  });

  it("refuses by the row when the remembered item is still on sale, writing nothing", async () => {
    await rememberedItem("test-bowl", 100);
    const userId = await newUser(500);
    await changeRow("test-bowl", { available_until: new Date(now().getTime() - minute) });
    const counts = await rowCounts();
    await expect(Item.purchase({ userId, itemId: "test-bowl", idempotencyKey: freshKey() })).rejects.toMatchObject({
      code: "not_available",
    });
    await changeRow("test-bowl", { available_until: null, price: null });
    await expect(Item.purchase({ userId, itemId: "test-bowl", idempotencyKey: freshKey() })).rejects.toMatchObject({
      code: "not_for_sale",
    });
    expect(await rowCounts()).toEqual(counts);
    expect(await Wallet.balanceOf({ userId })).toBe(500);
  });

  it("sells what the row sells when the remembered catalog lacks it or refuses it", async () => {
    await rememberedItem("test-jar", null);
    await changeRow("test-jar", { price: 80 });
    const userId = await newUser(500);
    expect(await Item.purchase({ userId, itemId: "test-jar", idempotencyKey: freshKey() })).toMatchObject({
      purchase: { price: 80, balance: 420 },
    });
    await sql`
      INSERT INTO items (id, kind, category, name, price, rarity, starter, unlock_conditions, sort_order, updated_at)
      SELECT 'test-cup', kind, category, name, 60, rarity, 0, '[]', sort_order, updated_at FROM items WHERE id = 'test-jar'`.execute(
      db(),
    );
    expect((await Item.catalog()).items.some((item) => item.id === "test-cup")).toBe(false);
    expect(await Item.purchase({ userId, itemId: "test-cup", idempotencyKey: freshKey() })).toMatchObject({
      purchase: { price: 60, balance: 360 },
    });
  });

  it("charges every purchase the price it records while an operator changes it during a storm", async () => {
    await rememberedItem("test-lantern", 100);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => newUser(1000)));
    const edits = (async () => {
      for (const price of [120, 100, 140, 100, 160]) await changeRow("test-lantern", { price });
    })();
    const outcomes = await Promise.allSettled(
      buyers.map((userId) => Item.purchase({ userId, itemId: "test-lantern", idempotencyKey: freshKey() })),
    );
    await edits;
    for (const [index, userId] of buyers.entries()) {
      const outcome = outcomes[index]!;
      // A purchase that met a change at every look gives up with 503 and charges nothing.
      if (outcome.status === "rejected") {
        expect(outcome.reason).toMatchObject({ status: 503, code: "contention" });
        expect(await shopEntries(userId)).toEqual([]);
        expect(await Wallet.balanceOf({ userId })).toBe(1000);
        continue;
      }
      const { price, balance } = outcome.value.purchase;
      expect([100, 120, 140, 160]).toContain(price);
      expect(await shopEntries(userId)).toEqual([-price]);
      expect(balance).toBe(1000 - price);
      expect(await ledgerSum(userId)).toBe(await Wallet.balanceOf({ userId }));
    }
    const later = await newUser(1000);
    expect(
      (await Item.purchase({ userId: later, itemId: "test-lantern", idempotencyKey: freshKey() })).purchase.price,
    ).toBe(160);
  });

  it("answers a retry with its first purchase even once the coins are spent", async () => {
    const userId = await newUser(90);
    const key = freshKey();
    const first = await Item.purchase({ userId, itemId: "lamp-desk", idempotencyKey: key });
    expect(first.purchase.balance).toBe(0);
    expect(await Item.purchase({ userId, itemId: "lamp-desk", idempotencyKey: key })).toEqual({
      replayed: true,
      purchase: first.purchase,
    });
    await expect(Item.purchase({ userId, itemId: "lamp-desk", idempotencyKey: freshKey() })).rejects.toMatchObject({
      code: "insufficient_funds",
    });
  });
});

describe("the inventory", () => {
  it("holds the starter items from sign-up on, and more as they are bought", async () => {
    const userId = await newUser(500);
    const starters = (await Item.inventory({ userId })).items;
    expect(starters.map((item) => item.source)).toEqual(starters.map(() => "starter"));
    expect(starters.map((item) => item.itemId)).toContain("hair-short");
    await Item.purchase({ userId, itemId: "eyes-sleepy", idempotencyKey: freshKey() });
    const parts = await Item.inventory({ userId, kind: "avatar_part" });
    expect(parts.items.at(-1)).toMatchObject({ itemId: "eyes-sleepy", source: "purchase" });
    expect(parts.items.every((item) => item.kind === "avatar_part")).toBe(true);
  });

  it("names what a document may not use in one query: not owned, not starter, or unknown", async () => {
    const userId = await newUser(500);
    await Item.purchase({ userId, itemId: "desk-oak", idempotencyKey: freshKey() });
    await Item.catalog();
    const { usage, result } = trackUsage(() =>
      Item.missingFromInventory({ userId, itemIds: ["desk-oak", "desk-basic", "chair-gaming", "made-up", "desk-oak"] }),
    );
    expect(await result).toEqual(["chair-gaming", "made-up"]);
    expect(usage.dbQueries).toBe(1);
  });
});

describe("unlocks", () => {
  async function focusFor(userId: string, minutes: number) {
    const session = await Focus.start({ userId, session: { mode: "countup" } });
    advanceClock(minutes * minute);
    return Focus.finish({ userId, sessionId: session.id });
  }

  it("grants an item once, in the finish that crosses its condition", async () => {
    const userId = await newUser();
    expect((await focusFor(userId, 40)).unlockedItems).toEqual([]);
    const crossing = await focusFor(userId, 25);
    expect(crossing.unlockedItems).toEqual(["clock-wall"]);
    expect(await Item.missingFromInventory({ userId, itemIds: ["clock-wall"] })).toEqual([]);
    // A retry of that finish, and later finishes, grant nothing more.
    expect((await Focus.finish({ userId, sessionId: crossing.id })).unlockedItems).toEqual([]);
    expect((await focusFor(userId, 10)).unlockedItems).toEqual([]);
    const { rows } = await sql<{ count: string }>`
      SELECT COUNT(*) AS count FROM inventory_items WHERE user_id = ${userId} AND item_id = 'clock-wall'`.execute(db());
    expect(Number(rows[0]?.count)).toBe(1);
  });

  it("grants an event item only for a session finished within its dates", async () => {
    const userId = await newUser();
    setClock("2027-03-10T09:00:00+09:00");
    expect((await focusFor(userId, 30)).unlockedItems).not.toContain("plant-sakura");
    setClock("2027-03-25T09:00:00+09:00");
    expect((await focusFor(userId, 30)).unlockedItems).toContain("plant-sakura");
  });

  it("grants a streak item on the seventh day in a row", async () => {
    const userId = await newUser();
    setClock("2027-01-01T10:00:00Z");
    const granted: string[][] = [];
    for (let day = 0; day < 7; day++) {
      granted.push((await focusFor(userId, 5)).unlockedItems);
      advanceClock(24 * 60 * minute - 5 * minute);
    }
    expect(granted.slice(0, 6).flat()).not.toContain("trophy-streak");
    expect(granted[6]).toContain("trophy-streak");
  });
});
