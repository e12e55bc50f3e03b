import type { Examples } from "../examples";
import type { profileRoutes } from "./routes";

export const profileExamples: Examples<keyof typeof profileRoutes> = {
  "GET /v1/me": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    queries: 1,
  },
  "PATCH /v1/me": {
    valid: ({ accessToken }) => ({
      token: accessToken,
      body: { name: "さくら テスト", bio: "hello", timeZone: "Asia/Tokyo" },
    }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { name: "", timeZone: "Nowhere/City" } }),
    queries: 6,
  },
  "GET /v1/users/search": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { q: "さくら" } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { q: "", limit: 500 } }),
    queries: 2,
  },
  "GET /v1/users/{friendId}": {
    valid: ({ accessToken, friendId }) => ({ token: accessToken, path: { friendId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { friendId: "0O1I" } }),
    queries: 2,
  },
};
