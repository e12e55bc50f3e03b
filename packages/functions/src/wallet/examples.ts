import type { Examples } from "../example";
import type { walletRoutes } from "./routes";

export const walletExamples: Examples<keyof typeof walletRoutes> = {
  "GET /v1/me/wallet": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "GET /v1/me/wallet/ledger": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { limit: 10 } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { limit: 0, cursor: "x".repeat(600) } }),
    cost: { queries: 1, cacheOps: 0 },
  },
};
