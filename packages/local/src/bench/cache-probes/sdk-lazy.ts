// Cold-start probe: the SDK adapter behind a dynamic import(), the way the cache layer loads it
// for setIfAbsent/increment/batch: nothing at init, the whole load on the first call.
import { cacheConfig } from "@gogh/core/config";
import type { CacheBackend } from "../../../../core/src/cache/backend";

let loading: Promise<CacheBackend> | undefined;

export const adapter = (): Promise<CacheBackend> =>
  (loading ??= import("../../../../core/src/cache/sdk").then(({ SdkCache }) => new SdkCache(cacheConfig())));
