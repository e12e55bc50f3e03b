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
    cost: { queries: 7, cacheOps: 0 },
  },
  "GET /v1/users/search": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { q: "さくら" } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { q: "", limit: 500 } }),
    // A person's first search opens their search count (two queries; one from then on), then
    // the search itself, which leaves out blocked people in the same query.
    cost: { queries: 3, cacheOps: 0 },
  },
  "GET /v1/users/{friendId}": {
    valid: ({ accessToken, friendId }) => ({ token: accessToken, path: { friendId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { friendId: "0O1I" } }),
    cost: { queries: 1, cacheOps: 0 },
  },
};
