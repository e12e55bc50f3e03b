// Cold-start probe: the gRPC SDK adapter, imported statically and constructed at init (the
// client connects lazily, on the first call), as a Lambda that always needs the SDK would.
import { cacheConfig } from "@gogh/core/config";
import type { CacheBackend } from "../../../../core/src/cache/backend";
import { SdkCache } from "../../../../core/src/cache/sdk";

const cache = new SdkCache(cacheConfig());

export const adapter = async (): Promise<CacheBackend> => cache;
