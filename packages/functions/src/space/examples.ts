import * as Space from "@gogh/core/space";
import type { Examples } from "../example";
import type { spaceRoutes } from "./routes";

/** "Library", seeded by migration 0005_spaces. */
export const librarySpaceId = "01KSPACE00000000000000000A";

export const spaceExamples: Examples<keyof typeof spaceRoutes> = {
  "GET /v1/spaces": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    cost: { queries: 0, cacheOps: 0 },
  },
  "POST /v1/spaces/{id}/join": {
    valid: ({ accessToken }) => ({ token: accessToken, path: { id: librarySpaceId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" } }),
    cost: { queries: 5, cacheOps: 0 },
  },
  "POST /v1/spaces/{id}/heartbeat": {
    valid: async ({ userId, accessToken }) => {
      await Space.join({ userId, spaceId: librarySpaceId });
      return { token: accessToken, path: { id: librarySpaceId } };
    },
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" } }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "POST /v1/spaces/{id}/leave": {
    valid: ({ accessToken }) => ({ token: accessToken, path: { id: librarySpaceId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" } }),
    cost: { queries: 2, cacheOps: 0 },
  },
  "GET /v1/spaces/{id}/members": {
    valid: ({ accessToken }) => ({ token: accessToken, path: { id: librarySpaceId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" }, query: { limit: 500 } }),
    cost: { queries: 1, cacheOps: 0 },
  },
};
