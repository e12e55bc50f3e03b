import type { Examples } from "../examples";
import type { spaceRoutes } from "./routes";

/** "Library", seeded by migration 0005_spaces. */
export const librarySpaceId = "01KSPACE00000000000000000A";

export const spaceExamples: Examples<keyof typeof spaceRoutes> = {
  "GET /v1/spaces": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    queries: 1,
  },
  "POST /v1/spaces/{id}/join": {
    valid: ({ accessToken }) => ({ token: accessToken, path: { id: librarySpaceId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" } }),
    queries: 1,
  },
  "POST /v1/spaces/{id}/heartbeat": {
    // A caller who is not (or no longer) in the space joins it: one query; a live member's beat makes none.
    valid: ({ accessToken }) => ({ token: accessToken, path: { id: librarySpaceId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" } }),
    queries: 1,
  },
  "POST /v1/spaces/{id}/leave": {
    valid: ({ accessToken }) => ({ token: accessToken, path: { id: librarySpaceId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" } }),
    queries: 1,
  },
  "GET /v1/spaces/{id}/members": {
    valid: ({ accessToken }) => ({ token: accessToken, path: { id: librarySpaceId } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "library" }, query: { limit: 500 } }),
    queries: 2,
  },
};
