import * as z from "zod/mini";
import * as Account from "@gogh/core/account/schema";
import * as Profile from "@gogh/core/profile/schema";
import { defineRoutes } from "./spec";

/**
 * Every route, once. Infra makes one Lambda per entry, the local gateway serves this table,
 * the OpenAPI document and the route tests are generated from it.
 */
export const routes = defineRoutes({
  "POST /v1/auth/signup": {
    handler: "account/signup",
    auth: "none",
    summary: "Create an anonymous account for this device and sign it in.",
    body: Account.SignupBody,
    response: Account.Tokens,
    status: 201,
  },
  "POST /v1/auth/refresh": {
    handler: "account/refresh",
    auth: "none",
    summary: "Trade a refresh token for new tokens; the old refresh token stops working.",
    body: Account.RefreshBody,
    response: Account.Tokens,
  },
  "POST /v1/auth/signout": {
    handler: "account/signout",
    auth: "user",
    summary: "Revoke this device's session, or every session with allDevices.",
    body: Account.SignoutBody,
  },
  "GET /v1/me": {
    handler: "profile/get-me",
    auth: "user",
    summary: "The caller's own profile.",
    response: Profile.Me,
  },
  "PATCH /v1/me": {
    handler: "profile/update-me",
    auth: "user",
    summary: "Change the caller's name, bio or time zone.",
    body: Profile.UpdateMe,
    response: Profile.Me,
  },
  "GET /v1/users/search": {
    handler: "profile/search",
    auth: "user",
    summary: "Find people by name: exact, then prefix, then partial matches.",
    query: Profile.SearchQuery,
    response: Profile.SearchPage,
  },
  "GET /v1/users/{friendId}": {
    handler: "profile/get-user",
    auth: "user",
    summary: "A person's public card by Friend ID.",
    path: z.object({ friendId: Profile.FriendId }),
    response: Profile.Card,
  },
});

export type Routes = typeof routes;
export type RouteName = keyof Routes;
