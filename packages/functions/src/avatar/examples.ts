import { sampleAvatar } from "@gogh/core/avatar/testing";
import type { Examples } from "../example";
import type { avatarRoutes } from "./routes";

export const avatarExamples: Examples<keyof typeof avatarRoutes> = {
  "GET /v1/me/avatar": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "PUT /v1/me/avatar": {
    valid: ({ accessToken }) => ({ token: accessToken, body: sampleAvatar(), headers: { "if-match": '"0"' } }),
    invalid: ({ accessToken }) => ({
      token: accessToken,
      body: { ...sampleAvatar(), skinColor: "pink", parts: [], hat: "top" },
      headers: { "if-match": '"0"' },
    }),
    // Ownership, current version, BEGIN, insert, card, COMMIT, the card's Friend ID to drop its cache.
    cost: { queries: 6, cacheOps: 0 },
  },
};
