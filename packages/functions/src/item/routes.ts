import * as Item from "@gogh/core/item/schema";
import { defineRoutes } from "../spec";

export const itemRoutes = defineRoutes({
  "GET /v1/items": {
    handler: "item/list-items",
    auth: "user",
    summary: "The item catalog in display order, with the catalog version a client can keep a copy by.",
    query: Item.ItemsQuery,
    response: Item.ItemsPage,
  },
  "GET /v1/me/items": {
    handler: "item/list-inventory",
    auth: "user",
    summary: "The items the caller owns: starter items first, then what they bought, unlocked or were given.",
    query: Item.InventoryQuery,
    response: Item.InventoryPage,
  },
  "POST /v1/items/{id}/purchase": {
    handler: "item/purchase",
    auth: "user",
    summary:
      "Buy an item with coins. Send a fresh Idempotency-Key per purchase and the same one on a retry: a retry answers what the first call answered and charges nothing more.",
    path: Item.ItemPath,
    headers: Item.PurchaseHeaders,
    response: Item.Purchase,
    status: 201,
    // A purchase is one transaction of six round trips that locks the wallet.
    concurrency: 20,
    errors: [
      "item_not_found",
      "not_for_sale",
      "not_available",
      "already_owned",
      "insufficient_funds",
      "idempotency_key_reused",
      "purchase_in_progress",
    ],
    successHeaders: ["idempotent-replayed"],
  },
});
