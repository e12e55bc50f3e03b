import * as Identity from "@gogh/core/identity";
import { identityProof } from "@gogh/core/identity/testing";
import type { Examples } from "../example";
import type { identityRoutes } from "./routes";

export const identityExamples: Examples<keyof typeof identityRoutes> = {
  "GET /v1/me/identities": {
    valid: ({ accessToken }) => ({ token: accessToken }),
    cost: { queries: 1, cacheOps: 0 },
  },
  "POST /v1/me/identities": {
    valid: async ({ accessToken }) => ({ token: accessToken, body: await identityProof("apple") }),
    invalid: ({ accessToken }) => ({
      token: accessToken,
      body: { provider: "facebook", idToken: "not-a-jwt", nonce: "short", platform: "ios" },
    }),
    // The person's link count, then BEGIN, the account's standing
    // (locked), the identity, the list, COMMIT.
    cost: { queries: 6, cacheOps: 0 },
  },
  "DELETE /v1/me/identities/{provider}": {
    // Both linked first (once per caller), so that Apple is not the last.
    valid: async ({ userId, accessToken }) => {
      const linked = (await Identity.list({ userId })).items.map((item) => item.provider);
      if (!linked.includes("apple")) await Identity.link({ userId, ...(await identityProof("apple")) });
      if (!linked.includes("google")) {
        await Identity.link({ userId, ...(await identityProof("google", { platform: "android" })) });
      }
      return { token: accessToken, path: { provider: "apple" } };
    },
    invalid: ({ accessToken }) => ({ token: accessToken, path: { provider: "facebook" } }),
    // BEGIN, the account's identities (locked), the delete, COMMIT.
    cost: { queries: 4, cacheOps: 0 },
  },
  "POST /v1/auth/identity": {
    valid: async () => ({
      body: { ...(await identityProof("google", { platform: "android" })), deviceLabel: "Pixel 9" },
      sourceIp: "198.51.100.61",
    }),
    invalid: () => ({ body: { provider: "apple", idToken: "a.b.c", platform: "windows" } }),
    // The address's sign-in count, then BEGIN, the identity (none: a first sign-in), the
    // account, its profile and name grams, the identity, the session, its refresh token, COMMIT.
    cost: { queries: 10, cacheOps: 0 },
  },
};
