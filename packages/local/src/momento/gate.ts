// What every call to the cache goes through around its operation: the injected fault, the
// token, the operations limit, the cache name, and the bill.
import { CacheError } from "./errors";
import type { Faults } from "./faults";
import { type CallKind, type Meter, REFUSED_CALL_OPERATIONS } from "./meter";
import type { Store } from "./store";
import type { RoundTrip } from "../latency";

export interface Cache {
  /** The one cache that exists. */
  name: string;
  /** The token a call must carry. */
  apiKey: string;
  store: Store;
  meter: Meter;
  faults: Faults;
  /** The network's share of each call, as from a Lambda in Momento's region. */
  roundTrip: RoundTrip;
}

/**
 * Counts the call and applies the injected fault: throws when Momento is "unavailable", waits
 * when it is "slow". Resolves false when the call should be dropped without an answer: its
 * caller gave up meanwhile, or the server closed.
 */
export async function passFault(cache: Cache, isGone: () => boolean): Promise<boolean> {
  cache.meter.countRequest();
  const fault = cache.faults.current;
  if (fault === "none") return true;
  cache.meter.countFault();
  if (fault === "unavailable") throw new CacheError("unavailable", "Momento is unavailable (injected fault)");
  return (await cache.faults.delay()) && !isGone();
}

export interface Call {
  kind: CallKind;
  /** The token as sent (Authorization header or `token`), if any. */
  token: string | null | undefined;
  /** The cache the call names. */
  cacheName: string;
}

/**
 * Authenticates, checks the limit and the cache name, runs the operation and bills it, or
 * bills the refusal. Synchronous from the limit check to the bill, so that concurrent calls
 * cannot all pass the check before any of them is billed. `operation` returns its result and
 * what it cost.
 */
export function runCall<T>(cache: Cache, call: Call, operation: () => { result: T; operations: number }): T {
  if (!call.token)
    throw new CacheError("unauthenticated", "Unauthorized: no token in the Authorization header or `token`");
  if (call.token !== cache.apiKey) throw new CacheError("unauthenticated", "Unauthorized: invalid token");
  cache.meter.checkLimit(call.kind);
  let outcome: { result: T; operations: number };
  try {
    if (call.cacheName !== cache.name) throw new CacheError("cache_not_found", `Cache not found: ${call.cacheName}`);
    outcome = operation();
  } catch (error) {
    cache.meter.bill(call.kind, REFUSED_CALL_OPERATIONS);
    throw error;
  }
  cache.meter.bill(call.kind, outcome.operations);
  return outcome.result;
}
