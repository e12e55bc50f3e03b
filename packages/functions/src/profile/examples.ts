import type { Examples } from "../example";
import type { profileRoutes } from "./routes";

export const profileExamples: Examples<keyof typeof profileRoutes> = {
  "GET /v1/me": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "PATCH /v1/me": {
    valid: ({ accessToken }) => ({
      token: accessToken,
      body: { name: "さくら テスト", bio: "hello", timeZone: "Asia/Tokyo" },
    }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { name: "", timeZone: "Nowhere/City" } }),
    // BEGIN, the profile read for update, its update, the card's invalidation, the old name's
    // suffixes deleted and the new one's inserted, COMMIT (a change without a new name: five).
    cost: { queries: 7, cacheOps: 0 },
  },
  "GET /v1/users/search": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { q: "さくら" } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { q: "", limit: 500 } }),
    // The person's search count, then
    // the search itself, which leaves out blocked people in the same query.
    cost: { queries: 2, cacheOps: 0 },
  },
  "GET /v1/users/{friendId}": {
    valid: ({ accessToken, friendId }) => ({ token: accessToken, path: { friendId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { friendId: "0O1I" } }),
    cost: { queries: 1, cacheOps: 0 },
  },
};
