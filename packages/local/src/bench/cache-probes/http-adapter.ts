// Cold-start probe: the HTTP adapter, configured and ready to call. Its fallback throws, so no
// dynamic import of the SDK is even possible from here: this is the cost of get/set/delete alone.
import { cacheConfig } from "@gogh/core/config";
import type { CacheBackend } from "../../../../core/src/cache/backend";
import { HttpCache } from "../../../../core/src/cache/http";

const cache = new HttpCache(cacheConfig(), () => Promise.reject(new Error("this probe has no SDK fallback")));

export const adapter = async (): Promise<CacheBackend> => cache;
