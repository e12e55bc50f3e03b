// What every call goes through before its handler, over gRPC and HTTP alike: the injected
// fault, the cache name, then the operations limit.
import { CacheError } from "./errors";
import type { Faults } from "./faults";
import type { Meter } from "./meter";
import type { Store } from "./store";

export interface Cache {
  /** The one cache that exists. */
  name: string;
  store: Store;
  meter: Meter;
  faults: Faults;
}

export interface CallCheck {
  /** The cache the call names (gRPC `cache` metadata, HTTP path). */
  cacheName: string | undefined;
  /** True when the caller is gone (cancelled, deadline passed, socket closed). */
  isGone: () => boolean;
  /** Checked after the fault and before the cache name; throws to refuse (HTTP's token). */
  authenticate?: () => void;
}

/**
 * Counts the call and lets it through, or throws the refusal as a CacheError. Resolves false
 * when the call should be dropped without an answer: a slow call whose caller gave up, or the
 * server closed meanwhile.
 */
export async function admitCall(cache: Cache, check: CallCheck): Promise<boolean> {
  cache.meter.countRequest();
  const fault = cache.faults.current;
  if (fault === "unavailable") {
    cache.meter.countFault();
    throw new CacheError("unavailable", "Momento is unavailable (injected fault)");
  }
  if (fault === "slow") {
    cache.meter.countFault();
    const waited = await cache.faults.delay();
    if (!waited || check.isGone()) return false;
  }
  check.authenticate?.();
  if (check.cacheName !== cache.name) {
    throw new CacheError("cache_not_found", `Cache not found: ${check.cacheName ?? "(no cache name given)"}`);
  }
  if (!cache.meter.admits()) {
    cache.meter.countThrottle();
    throw new CacheError(
      "limit_exceeded",
      `Request rate limit exceeded: over ${cache.meter.operationsPerSecond} operations per second`,
      "operations_rate_limit_exceeded",
    );
  }
  return true;
}
