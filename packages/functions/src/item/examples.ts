import { newId } from "@gogh/core/id";
import * as Wallet from "@gogh/core/wallet";
import type { Examples } from "../example";
import type { itemRoutes } from "./routes";

export const itemExamples: Examples<keyof typeof itemRoutes> = {
  "GET /v1/items": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { kind: "furniture", limit: 5 } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { kind: "pets", limit: 1000 } }),
    cost: { queries: 0, cacheOps: 0 },
  },
  "GET /v1/me/items": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { kind: "avatar_part" } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { kind: "pets", cursor: "x".repeat(600) } }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "POST /v1/items/{id}/purchase": {
    // Coins first (as focus would pay them; each call is paid anew), then a purchase from the seeded catalog.
    valid: async ({ accessToken, userId }) => {
      await Wallet.credit({ userId, amount: 500, reason: "focus", reference: `example-${newId()}` });
      return { token: accessToken, path: { id: "lamp-desk" }, headers: { "idempotency-key": `example-${userId}` } };
    },
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "Not An Item!" }, headers: {} }),
    // The item from the catalog in memory, then BEGIN, the charge and its ledger row, the purchase, the item, COMMIT.
    cost: { queries: 6, cacheOps: 0 },
  },
};
