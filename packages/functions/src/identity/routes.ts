import * as Identity from "@gogh/core/identity/schema";
import { defineRoutes } from "../spec";

export const identityRoutes = defineRoutes({
  "GET /v1/me/identities": {
    handler: "identity/list",
    auth: "user",
    summary: "The Apple and Google identities linked to the caller's account.",
    response: Identity.IdentityList,
  },
  "POST /v1/me/identities": {
    errors: [
      "invalid_identity_token",
      "provider_not_offered",
      "identity_linked_elsewhere",
      "provider_already_linked",
      "identity_provider_unavailable",
    ],
    handler: "identity/link",
    auth: "user",
    summary:
      "Link Sign in with Apple or Google to the caller's account (an identity token and its raw nonce); 409 if it is another account's.",
    body: Identity.LinkBody,
    response: Identity.IdentityList,
    identityTokens: true,
    rateLimited: true,
  },
  "DELETE /v1/me/identities/{provider}": {
    errors: ["identity_not_linked", "last_identity"],
    handler: "identity/unlink",
    auth: "user",
    summary: "Unlink a provider; the last linked identity stays (409 last_identity).",
    path: Identity.ProviderPath,
    response: Identity.IdentityList,
  },
  "POST /v1/auth/identity": {
    errors: [
      "invalid_identity_token",
      "provider_not_offered",
      "account_deleted",
      "account_banned",
      "identity_provider_unavailable",
    ],
    handler: "identity/sign-in",
    auth: "none",
    summary:
      "Sign this device in with Apple or Google: the linked account (a new session), or a new account linked to the identity.",
    body: Identity.SignInBody,
    response: Identity.IdentitySignIn,
    signsTokens: true,
    identityTokens: true,
    rateLimited: true,
    // A first sign-in makes an account, as a sign-up does: bursts wait their turn alike.
    concurrency: 10,
  },
});
