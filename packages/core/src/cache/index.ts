// The cache, in two tiers, so that Momento's rate limit (about 100 operations a second per
// account) never decides a feature:
// - memo(): the Lambda's memory for per-person values (cards, block lists), kept honest by an
//   invalidation feed in the database: no Momento operation at all;
// - cached(): read-mostly values shared by everyone (app settings, the catalog, notices, the
//   spaces' occupancy) in Momento, behind the Lambda's memory, so each Lambda reads Momento at
//   most once per value per `memorySeconds`, however many people it serves.
// Every Momento failure is a miss (the database answers); a failure opens a circuit so a
// throttled or unreachable Momento is left alone for a while; concurrent misses share one load.
import { cacheConfig } from "../config";
import { describeError, log } from "../log";
import { countUsage } from "../usage";
import { Circuit } from "./circuit";
import { decode, encode } from "./codec";
import { CacheFailure, HttpCache, maxTtlSeconds } from "./http";
import { MemoryCache } from "./l1";
import { resetMemos } from "./memo";

export { invalidate, lookAtChangesNow, type Memo, memo, memoTiming } from "./memo";

let client: HttpCache | undefined;
const circuit = new Circuit();
const memory = new MemoryCache();
const inflight = new Map<string, Promise<unknown>>();

/**
 * Runs one Momento call, or skips it while the circuit is open; undefined means "no answer".
 * `bytes` says what the call sent and received, for the operations Momento bills.
 */
async function attempt<T>(
  call: (cache: HttpCache) => Promise<T>,
  bytes: (result: T) => { sent: number; received: number },
): Promise<T | undefined> {
  if (circuit.isOpen()) return undefined;
  countUsage("cacheCalls");
  try {
    // Built on first use, never at import.
    client ??= new HttpCache(cacheConfig());
    const result = await call(client);
    const { sent, received } = bytes(result);
    countUsage("cacheOps", billedOperations(sent, received));
    circuit.succeeded();
    return result;
  } catch (error) {
    // Momento bills a failed call too.
    countUsage("cacheOps", 1);
    const kind = error instanceof CacheFailure ? error.kind : "other";
    if (kind === "rejected") {
      log("warn", "cache refused an item", describeError(error));
      return undefined;
    }
    if (kind === "throttled") countUsage("cacheThrottled");
    const pauseMs = circuit.failed();
    log("warn", "cache call failed; circuit open", { kind, pauseMs, ...describeError(error) });
    return undefined;
  }
}

/** Momento's rule: each started KiB of the request and of the response is an operation, at least one a call. */
export function billedOperations(sent: number, received: number): number {
  return Math.max(1, Math.ceil(sent / 1024) + Math.ceil(received / 1024));
}

const byteLength = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text));

function ttl(seconds: number): number {
  return Math.max(1, Math.min(maxTtlSeconds, Math.round(seconds)));
}

export async function get<T>(key: string): Promise<T | undefined> {
  const stored = await getStored(key);
  return stored === undefined ? undefined : (await read<T>(stored))?.value;
}

export async function set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
  const stored = await encode(value);
  await attempt(
    (cache) => cache.set(key, stored, ttl(ttlSeconds)),
    () => ({ sent: byteLength(key) + byteLength(stored), received: 0 }),
  );
}

/**
 * Removes keys after a write. A removal lost to a throttled or unreachable Momento leaves the
 * old value until its TTL: callers choose TTLs with that bound in mind. Other Lambdas keep their
 * memory copy for up to `memorySeconds`.
 */
export async function drop(...keys: string[]): Promise<void> {
  for (const key of keys) memory.delete(key);
  await Promise.all(
    keys.map((key) =>
      attempt(
        (cache) => cache.delete(key),
        () => ({ sent: byteLength(key), received: 0 }),
      ),
    ),
  );
}

export interface CachedOptions {
  /** Also keep the value in this Lambda's memory for this long (hot, slowly changing data). */
  memorySeconds?: number;
  /** How long a "not found" is remembered; defaults to the TTL, at most a minute. */
  missingSeconds?: number;
}

/** Whether `cached(key, …, { memorySeconds })` would answer from this Lambda's memory, making no call. */
export function inMemory(key: string): boolean {
  return memory.get(key) !== undefined;
}

/**
 * Read-through: the cached value, or `load()`'s, stored for next time. Concurrent calls for
 * one key share one cache read and one load. `undefined` from load is remembered as well.
 */
export async function cached<T>(
  key: string,
  ttlSeconds: number,
  load: () => Promise<T | undefined>,
  options: CachedOptions = {},
): Promise<T | undefined> {
  const remembered = options.memorySeconds ? memory.get(key) : undefined;
  if (remembered) return remembered.value as T | undefined;
  const running = inflight.get(key);
  if (running) return running as Promise<T | undefined>;
  const work = readThrough(key, ttlSeconds, load, options).finally(() => inflight.delete(key));
  inflight.set(key, work);
  return work;
}

async function readThrough<T>(
  key: string,
  ttlSeconds: number,
  load: () => Promise<T | undefined>,
  options: CachedOptions,
): Promise<T | undefined> {
  const stored = await getStored(key);
  const hit = stored === undefined ? undefined : await read<T>(stored);
  let value: T | undefined;
  if (hit) {
    value = hit.value;
  } else {
    value = await load();
    const seconds = value === undefined ? (options.missingSeconds ?? Math.min(ttlSeconds, 60)) : ttlSeconds;
    await set(key, value, seconds);
  }
  if (options.memorySeconds) memory.set(key, value, options.memorySeconds * 1000);
  return value;
}

function getStored(key: string): Promise<string | undefined> {
  return attempt(
    (cache) => cache.get(key),
    (stored) => ({ sent: byteLength(key), received: byteLength(stored) }),
  );
}

/** A stored value, decoded; undefined when it cannot be read (a value from an older shape). */
async function read<T>(stored: string): Promise<{ value: T | undefined } | undefined> {
  try {
    return { value: await decode<T>(stored) };
  } catch {
    return undefined;
  }
}

/** Test hook: forget the client (new configuration), the circuit and everything in memory. */
export function resetCache(): void {
  client = undefined;
  circuit.reset();
  memory.clear();
  inflight.clear();
  resetMemos();
}
