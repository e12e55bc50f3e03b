// What avatar and room documents share: the version a save names, the size cap, and the
// ownership check of every item they use.
import * as z from "zod/mini";
import { AppError, Invalid } from "./error";
import * as Item from "./item";

/** A document's version: 0 means "none saved yet", each save adds one. */
export const Version = z.int().check(z.gte(0), z.lte(2_000_000_000));

/** An item a document uses, and where: the request body's path to its `itemId`, for the error's details. */
export interface ItemUse {
  itemId: string;
  path: string;
}

/** Refuses a document over `maxBytes` of JSON, and one using items the person does not own. */
export async function checkDocument(input: {
  userId: string;
  document: unknown;
  maxBytes: number;
  items: ItemUse[];
}): Promise<void> {
  if (new TextEncoder().encode(JSON.stringify(input.document)).length > input.maxBytes) {
    throw new Invalid(`The document is larger than ${input.maxBytes} bytes.`, undefined, "document_too_large");
  }
  await assertOwned(input.userId, input.items);
}

/** Items the person neither owns nor has as starters make a 403: one query for the whole document. */
async function assertOwned(userId: string, items: ItemUse[]): Promise<void> {
  if (items.length === 0) return;
  const missing = new Set(await Item.missingFromInventory({ userId, itemIds: items.map((use) => use.itemId) }));
  if (missing.size === 0) return;
  throw new AppError(403, "items_not_owned", `You do not own ${missing.size === 1 ? "this item" : "these items"}.`, {
    details: items
      .filter((use) => missing.has(use.itemId))
      .map((use) => ({ path: use.path, message: `${use.itemId} is not in your inventory.` })),
  });
}
