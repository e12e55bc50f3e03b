import * as z from "zod/mini";
import * as Profile from "@gogh/core/profile/schema";
import { defineRoutes } from "../spec";

export const profileRoutes = defineRoutes({
  "GET /v1/me": {
    handler: "profile/get-me",
    auth: "user",
    summary: "The caller's own profile.",
    response: Profile.Me,
    errors: ["not_found"],
  },
  "PATCH /v1/me": {
    handler: "profile/update-me",
    auth: "user",
    summary: "Change the caller's name, bio or time zone.",
    body: Profile.UpdateMe,
    response: Profile.Me,
    errors: ["not_found"],
  },
  "GET /v1/users/search": {
    handler: "profile/search",
    auth: "user",
    summary: "Find people by name: exact, then prefix, then partial matches.",
    query: Profile.SearchQuery,
    response: Profile.SearchPage,
    rateLimited: true,
    // Partial matches read more rows than any other query: a burst of searches waits its turn.
    concurrency: 20,
  },
  "GET /v1/users/{friendId}": {
    handler: "profile/get-user",
    auth: "user",
    summary: "A person's public card by Friend ID.",
    path: z.object({ friendId: Profile.FriendId }),
    response: Profile.Card,
    errors: ["not_found"],
  },
});
