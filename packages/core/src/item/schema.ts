// What the item catalog, inventories and purchases look like on the wire and in the seed file.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { text } from "../text";

/** Master-data ids are readable slugs ("chair-oak"), stable across catalog versions. */
export const ItemId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, "An item id: 2 to 64 of a-z, 0-9, - and _."));
export const Kind = z.enum(["avatar_part", "furniture"]);
export type Kind = z.infer<typeof Kind>;
export const Category = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9_]{0,31}$/, "A lower-case category of up to 32 characters."));
export const Rarity = z.enum(["common", "rare", "epic", "legendary"]);
export type Rarity = z.infer<typeof Rarity>;
/** An item's name in one language (stored in the items' JSON `name`, which has no size of its own). */
const ItemName = text({ id: "ItemName", subject: "An item name", min: 1, max: 60, counts: "code points", form: "NFC" });
export const LocalizedName = z.strictObject({ ja: ItemName, en: ItemName });
const Instant = z.iso.datetime({ offset: true });

/** Every condition must hold; a finished focus session that makes them all hold grants the item once. */
export const UnlockCondition = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("focus_minutes"), atLeast: z.int().check(z.gte(1), z.lte(1_000_000)) }),
  z.strictObject({ type: z.literal("streak_days"), atLeast: z.int().check(z.gte(1), z.lte(3650)) }),
  /** A session finished within the range (an event item). */
  z.strictObject({ type: z.literal("finished_between"), from: Instant, until: Instant }),
]);
export type UnlockCondition = z.infer<typeof UnlockCondition>;

const Window = z.strictObject({ from: z.optional(Instant), until: z.optional(Instant) });

/** One item as an operator writes it, in the seed file or in the admin console. */
export const CatalogItem = z
  .strictObject({
    id: ItemId,
    kind: Kind,
    category: Category,
    name: LocalizedName,
    /** Coins; null when it cannot be bought (unlock-only, starter, retired). Free items are starter items. */
    price: z.nullable(z.int().check(z.gte(1), z.lte(1_000_000))),
    rarity: Rarity,
    /** Owned by everyone from sign-up on. */
    starter: z._default(z.boolean(), false),
    availability: z._default(Window, {}),
    unlock: z._default(z.array(UnlockCondition).check(z.maxLength(3)), []),
    sortOrder: z._default(z.int().check(z.gte(0), z.lte(1_000_000)), 0),
  })
  .check(
    z.refine((item) => !(item.starter && item.price !== null), {
      message: "A starter item is owned by everyone, so it has no price.",
      path: ["price"],
    }),
    z.refine(
      (item) => !item.availability.from || !item.availability.until || item.availability.from < item.availability.until,
      { message: "The availability window ends before it starts.", path: ["availability"] },
    ),
  );
export type CatalogItem = z.output<typeof CatalogItem>;

/** The seed file: a whole catalog; `version` is for people reading its history. */
export const CatalogFile = z
  .strictObject({ version: z.int().check(z.gte(1)), items: z.array(CatalogItem).check(z.maxLength(5000)) })
  .check(
    z.refine((file) => new Set(file.items.map((item) => item.id)).size === file.items.length, {
      message: "Item ids must be unique.",
      path: ["items"],
    }),
  );

export const Item = z.object({
  id: z.string(),
  kind: Kind,
  category: z.string(),
  name: z.object({ ja: z.string(), en: z.string() }),
  price: z.nullable(z.int()),
  rarity: Rarity,
  starter: z.boolean(),
  availableFrom: z.nullable(z.iso.datetime()),
  availableUntil: z.nullable(z.iso.datetime()),
  unlock: z.array(UnlockCondition),
  /** Display order within the catalog. */
  sortOrder: z.int(),
});
export type Item = z.infer<typeof Item>;

const PageLimit = z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 100);

export const ItemsQuery = z.object({ kind: z.optional(Kind), cursor: z.optional(Cursor), limit: PageLimit });
export const ItemsPage = z.object({
  /** Changes whenever any item does; a client holding this version may keep its copy. */
  catalogVersion: z.string(),
  items: z.array(Item),
  nextCursor: z.nullable(z.string()),
});
export type ItemsPage = z.infer<typeof ItemsPage>;

export const Source = z.enum(["starter", "purchase", "unlock", "grant"]);
export type Source = z.infer<typeof Source>;
export const OwnedItem = z.object({
  itemId: z.string(),
  kind: Kind,
  source: Source,
  acquiredAt: z.nullable(z.iso.datetime()),
});
export const InventoryQuery = z.object({ kind: z.optional(Kind), cursor: z.optional(Cursor), limit: PageLimit });
export const InventoryPage = z.object({ items: z.array(OwnedItem), nextCursor: z.nullable(z.string()) });
export type InventoryPage = z.infer<typeof InventoryPage>;

export const ItemPath = z.object({ id: ItemId });
/** Chosen by the client per purchase attempt and sent again on a retry: a UUID or similar. */
export const IdempotencyKey = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{8,64}$/, "An Idempotency-Key of 8 to 64 visible ascii characters."));
export const PurchaseHeaders = z.object({ "idempotency-key": IdempotencyKey });

export const Purchase = z.object({
  purchaseId: z.string(),
  itemId: z.string(),
  price: z.int(),
  balance: z.int(),
  purchasedAt: z.iso.datetime(),
});
export type Purchase = z.infer<typeof Purchase>;
