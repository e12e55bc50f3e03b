import { appleClientIdAndroid, appleClientIdIos, googleClientIdAndroid, googleClientIdIos } from "./secrets";

/**
 * Sign in with Apple and Google: where each provider publishes its signing keys and our client ids
 * per platform. Code reads `Resource.Identity` (see packages/core/src/config.ts); only the routes
 * that verify identity tokens (`identityTokens` in the route table) are linked to it.
 */
export const identity = new sst.Linkable("Identity", {
  properties: {
    appleKeysUrl: "https://appleid.apple.com/auth/keys",
    googleKeysUrl: "https://www.googleapis.com/oauth2/v3/certs",
    appleIos: appleClientIdIos.value,
    appleAndroid: appleClientIdAndroid.value,
    googleIos: googleClientIdIos.value,
    googleAndroid: googleClientIdAndroid.value,
  },
});
