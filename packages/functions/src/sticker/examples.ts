import { publishedSticker, uploadedSticker } from "@gogh/core/sticker/testing";
import type { Examples } from "../example";
import type { stickerRoutes } from "./routes";

export const stickerExamples: Examples<keyof typeof stickerRoutes> = {
  "POST /v1/stickers/uploads": {
    valid: ({ accessToken }) => ({
      token: accessToken,
      body: { contentType: "image/png", byteLength: 2048, kind: "poster" },
    }),
    invalid: ({ accessToken }) => ({
      token: accessToken,
      body: { contentType: "image/svg+xml", byteLength: 100 * 1024 * 1024 },
    }),
    // BEGIN, count the upload, read the caps, insert, COMMIT.
    cost: { queries: 5, cacheOps: 0 },
  },
  "POST /v1/stickers/{id}/complete": {
    valid: async ({ userId, accessToken }) => ({ token: accessToken, path: { id: await uploadedSticker(userId) } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "not-an-id" } }),
    // The sticker, then BEGIN, the sticker locked, published, COMMIT.
    cost: { queries: 2, cacheOps: 0 },
  },
  "GET /v1/stickers": {
    valid: async ({ userId, accessToken }) => {
      await publishedSticker(userId);
      return { token: accessToken, query: { kind: "sticker", limit: 10 } };
    },
    invalid: ({ accessToken }) => ({ token: accessToken, query: { kind: "hat", limit: 1000 } }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "DELETE /v1/stickers/{id}": {
    valid: async ({ userId, accessToken }) => ({
      token: accessToken,
      path: { id: (await publishedSticker(userId)).id },
    }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "../../etc" } }),
    // The sticker, then BEGIN, the sticker locked, deleted, COMMIT.
    cost: { queries: 2, cacheOps: 0 },
  },
};
