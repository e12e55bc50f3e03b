import type { Examples } from "../example";
import type { accountRoutes } from "./routes";

export const accountExamples: Examples<keyof typeof accountRoutes> = {
  "POST /v1/auth/signup": {
    valid: () => ({ body: { platform: "ios", deviceLabel: "iPhone" } }),
    invalid: () => ({ body: { platform: "nokia", extra: true } }),
    // The address's sign-up count (one UPDATE: the route test's first call opened it), then BEGIN,
    // the account, its profile, the name's search suffixes, the session, its refresh token, COMMIT.
    cost: { queries: 8, cacheOps: 0 },
  },
  "POST /v1/auth/refresh": {
    valid: ({ refreshToken }) => ({ body: { refreshToken } }),
    invalid: () => ({ body: { refreshToken: 42 } }),
    cost: { queries: 6, cacheOps: 0 },
  },
  "POST /v1/auth/signout": {
    valid: ({ accessToken }) => ({ token: accessToken, body: {} }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { allDevices: "yes" } }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "DELETE /v1/me": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    // One transaction (BEGIN, the account locked, each module's own deletes and memo
    // invalidations: friends 6, blocks 3, profile 5, presence 1, focus 4, items 1, identities 1,
    // transfer codes 1, audit 1, reports 4, rooms 2, avatar 1, stickers 3; the account and its sessions 2,
    // the erasure's record 1, COMMIT), then the content removed and that recorded. A rare route:
    // every query is one person's rows by index.
    cost: { queries: 40, cacheOps: 0 },
  },
  "GET /account-deletion": {
    valid: () => ({}),
    // A fixed page: nothing to read.
    cost: { queries: 0, cacheOps: 0 },
  },
};
