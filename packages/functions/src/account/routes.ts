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
});
