// What avatar and room documents share: the version a save names, the size cap, and the
// checks of every item they use: of the right kind in the right place, and owned.
import * as z from "zod/mini";
import { AppError, type ErrorDetail, Invalid } from "./error";
import * as Item from "./item";

/** Furniture that can show one of its owner's posters (`posterId`). */
export const posterFurniture: readonly string[] = ["poster", "monitor"];

/** Where a document uses an item, and what fits there. */
export interface ItemUse {
  /** Where the item's id is in the document, for the error's details ("parts.0.itemId"). */
  path: string;
  itemId: string;
  /** Items of this kind fit, and only of this category when one is given (an avatar slot takes its own). */
  kind: Item.Kind;
  category?: string;
  /** Where a `posterId` of the placement is: only poster and monitor furniture shows one. */
  posterPath?: string;
}

/**
 * Refuses a document over `maxBytes` of JSON (400), an item where it does not fit (422: an eye
 * part in the hair slot, a desk on an avatar, a poster on a desk), and items the person does
 * not own (403). The catalog comes from memory: only ownership costs a query.
 */
export async function checkDocument(input: {
  userId: string;
  document: unknown;
  maxBytes: number;
  uses: ItemUse[];
}): Promise<void> {
  if (new TextEncoder().encode(JSON.stringify(input.document)).length > input.maxBytes) {
    throw new Invalid(`The document is larger than ${input.maxBytes} bytes.`, undefined, "document_too_large");
  }
  await assertFits(input.uses);
  await assertOwned(input.userId, input.uses);
}

/** Items of the wrong kind or slot, then posters on furniture that cannot show one, make a 422. Unknown ids are left to the ownership check. */
async function assertFits(uses: ItemUse[]): Promise<void> {
  if (uses.length === 0) return;
  const items = new Map((await Item.catalog()).items.map((item) => [item.id, item]));
  const misplaced: ErrorDetail[] = [];
  const posters: ErrorDetail[] = [];
  for (const use of uses) {
    const item = items.get(use.itemId);
    if (!item) continue;
    if (item.kind !== use.kind) {
      misplaced.push({ path: use.path, message: `${item.id} is ${kindNames[item.kind]}, not ${kindNames[use.kind]}.` });
    } else if (use.category !== undefined && item.category !== use.category) {
      misplaced.push({
        path: use.path,
        message: `${item.id} is a ${item.category} part; it does not fit the ${use.category} slot.`,
      });
    } else if (use.posterPath && !posterFurniture.includes(item.category)) {
      posters.push({
        path: use.posterPath,
        message: `${item.id} is a ${item.category}; only poster and monitor furniture shows a poster.`,
      });
    }
  }
  if (misplaced.length > 0) {
    throw new AppError(422, "item_kind_mismatch", "Some items do not fit where the document puts them.", {
      details: misplaced,
    });
  }
  if (posters.length > 0) {
    throw new AppError(422, "poster_not_allowed", "Only poster and monitor furniture can show a poster.", {
      details: posters,
    });
  }
}

const kindNames: Record<Item.Kind, string> = { avatar_part: "an avatar part", furniture: "furniture" };

/** Items the person neither owns nor has as starters make a 403: one query for the whole document. */
async function assertOwned(userId: string, uses: ItemUse[]): Promise<void> {
  if (uses.length === 0) return;
  const missing = new Set(await Item.missingFromInventory({ userId, itemIds: uses.map((use) => use.itemId) }));
  if (missing.size === 0) return;
  throw new AppError(403, "items_not_owned", `You do not own ${missing.size === 1 ? "this item" : "these items"}.`, {
    details: uses
      .filter((use) => missing.has(use.itemId))
      .map((use) => ({ path: use.path, message: `${use.itemId} is not in your inventory.` })),
  });
}
