import { momentoApiKey, momentoHttpEndpoint } from "./secrets";

/**
 * Momento, reached through its HTTP API (get/set/delete, all the app needs): code reads
 * `Resource.Cache` (see packages/core/src/config.ts). One cache per stage, created once with
 * `momento cache create gogh-<stage>`. Any kind of API key works: the HTTP API takes the key
 * as it is, with the region's endpoint beside it.
 */
export const cache = new sst.Linkable("Cache", {
  properties: {
    apiKey: momentoApiKey.value,
    cacheName: `gogh-${$app.stage}`,
    httpEndpoint: momentoHttpEndpoint.value,
  },
});
