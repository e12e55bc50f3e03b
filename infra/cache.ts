import { momentoApiKey, momentoHttpEndpoint } from "./secrets";

/**
 * Momento, reached through its HTTP API (get/set/delete) and the SDK for the rest: code reads
 * `Resource.Cache` (see packages/core/src/config.ts). One cache per stage, created once with
 * `momento cache create gogh-<stage>`; `localEndpoint` is only set by the local stack.
 */
export const cache = new sst.Linkable("Cache", {
  properties: {
    apiKey: momentoApiKey.value,
    cacheName: `gogh-${$app.stage}`,
    httpEndpoint: momentoHttpEndpoint.value,
    localEndpoint: "",
  },
});
