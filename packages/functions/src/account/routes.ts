import * as z from "zod/mini";
import * as Account from "@gogh/core/account/schema";
import { defineRoutes } from "../spec";

export const accountRoutes = defineRoutes({
  "POST /v1/auth/signup": {
    handler: "account/signup",
    auth: "none",
    summary: "Create an anonymous account for this device and sign it in.",
    body: Account.SignupBody,
    response: Account.Tokens,
    status: 201,
    signsTokens: true,
    rateLimited: true,
    // Each sign-up writes an account and a session: a scripted burst cannot take more than this.
    concurrency: 10,
  },
  "POST /v1/auth/refresh": {
    handler: "account/refresh",
    auth: "none",
    summary: "Trade a refresh token for new tokens; the old refresh token stops working.",
    body: Account.RefreshBody,
    response: Account.Tokens,
    signsTokens: true,
    errors: ["invalid_refresh_token", "refresh_token_reused", "account_banned"],
  },
  "POST /v1/auth/signout": {
    handler: "account/signout",
    auth: "user",
    summary: "Revoke this device's session, or every session with allDevices.",
    body: Account.SignoutBody,
  },
  "DELETE /v1/me": {
    handler: "account/delete-me",
    auth: "user",
    summary:
      "Delete the caller's account at once: every module's data, every session, linked identities; the content leaves storage (CDN edges within 5 minutes).",
    timeout: 30,
    // Lists the person's avatar and room versions and uploads, deletes them and the published images.
    // Hidden (moderated) images are left to the scheduled last pass, which alone may touch them.
    storage: {
      read: ["avatars/", "rooms/", "pending/"],
      delete: ["avatars/", "rooms/", "stickers/", "pending/"],
    },
  },
  "GET /account-deletion": {
    handler: "account/deletion-page",
    auth: "none",
    summary: "A web page (no script) on how to delete an account, in the app or without it, and what is kept.",
    html: true,
    response: z.string(),
    // Reachable during maintenance and from any app version: it is for people, not the app.
    exemptFromAppControl: true,
  },
});
