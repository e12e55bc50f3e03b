// The cache: Momento behind a small interface of our own, built so that its rate limit never
// decides a feature. Every failure is a miss (the database answers), a failure opens a circuit
// so a throttled or unreachable Momento is left alone for a while, concurrent misses for one
// key share one load, lists read in one batch, and hot data can sit in the Lambda's memory.
import { cacheConfig } from "../config";
import { log } from "../log";
import { countUsage } from "../usage";
import { type CacheBackend, CacheFailure, maxTtlSeconds, type ScoredElement, type ScoreRange } from "./backend";

export type { ScoredElement, ScoreRange } from "./backend";
import { Circuit } from "./circuit";
import { decode, encode } from "./codec";
import { HttpCache } from "./http";
import { MemoryCache } from "./l1";

let backend: CacheBackend | undefined;
const circuit = new Circuit();
const memory = new MemoryCache();
const inflight = new Map<string, Promise<unknown>>();

/**
 * get/set/delete go over Momento's HTTP API (no gRPC to load at cold start); the calls it lacks
 * load the SDK on first use. Built on first use, never at import, and never throws.
 */
function client(): CacheBackend {
  backend ??= new HttpCache(cacheConfig(), sdkClient);
  return backend;
}

let sdk: Promise<CacheBackend> | undefined;
function sdkClient(): Promise<CacheBackend> {
  sdk ??= import("./sdk").then(({ SdkCache }) => new SdkCache(cacheConfig()));
  return sdk;
}

/** Runs one Momento call, or skips it while the circuit is open; undefined means "no answer". */
async function attempt<T>(operations: number, call: (cache: CacheBackend) => Promise<T>): Promise<T | undefined> {
  if (circuit.isOpen()) return undefined;
  countUsage("cacheOps", operations);
  try {
    const result = await call(client());
    circuit.succeeded();
    return result;
  } catch (error) {
    const kind = error instanceof CacheFailure ? error.kind : "other";
    if (kind === "rejected") {
      log("warn", "cache refused an item", { error: String(error) });
      return undefined;
    }
    if (kind === "throttled") countUsage("cacheThrottled");
    const pauseMs = circuit.failed();
    log("warn", "cache call failed; circuit open", { kind, pauseMs, error: String(error) });
    return undefined;
  }
}

function ttl(seconds: number): number {
  return Math.max(1, Math.min(maxTtlSeconds, Math.round(seconds)));
}

export async function get<T>(key: string): Promise<T | undefined> {
  const stored = await attempt(1, (cache) => cache.get(key));
  return stored === undefined ? undefined : (await read<T>(stored))?.value;
}

export async function set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
  const stored = await encode(value);
  await attempt(1, (cache) => cache.set(key, stored, ttl(ttlSeconds)));
}

/**
 * Removes keys after a write. A removal lost to a throttled or unreachable Momento leaves the
 * old value until its TTL: callers choose TTLs with that bound in mind.
 */
export async function drop(...keys: string[]): Promise<void> {
  for (const key of keys) memory.delete(key);
  await Promise.all(keys.map((key) => attempt(1, (cache) => cache.delete(key))));
}

export async function getMany<T>(keys: string[]): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  if (keys.length === 0) return found;
  const stored = await attempt(keys.length, (cache) => cache.getMany(keys));
  for (const [key, value] of stored ?? []) {
    const decoded = (await read<T>(value))?.value;
    if (decoded !== undefined) found.set(key, decoded);
  }
  return found;
}

export async function setMany(entries: Map<string, unknown>, ttlSeconds: number): Promise<void> {
  if (entries.size === 0) return;
  const stored = new Map<string, string>();
  for (const [key, value] of entries) stored.set(key, await encode(value));
  await attempt(entries.size, (cache) => cache.setMany(stored, ttl(ttlSeconds)));
}

/** True when stored, false when present already, undefined when the cache could not say. */
export async function setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean | undefined> {
  const stored = await encode(value);
  // Momento bills a conditional write twice.
  return attempt(2, (cache) => cache.setIfAbsent(key, stored, ttl(ttlSeconds)));
}

/** The new count, or undefined when the cache could not say. */
export async function increment(key: string, by: number, ttlSeconds: number): Promise<number | undefined> {
  return attempt(1, (cache) => cache.increment(key, by, ttl(ttlSeconds)));
}

/**
 * Sorted sets and dictionaries are SDK-only in Momento: the first such call in a Lambda loads
 * gRPC. Each call below is one Momento operation, whatever the size of the collection.
 */
export async function sortedSetPut(key: string, element: string, score: number, ttlSeconds: number): Promise<void> {
  await attempt(1, (cache) => cache.sortedSetPut(key, element, score, ttl(ttlSeconds)));
}

/** The element's score; null when it is absent, undefined when the cache could not say. */
export async function sortedSetScore(key: string, element: string): Promise<number | null | undefined> {
  return attempt(1, async (cache) => (await cache.sortedSetScore(key, element)) ?? null);
}

/** How many elements score at least `minScore`; undefined when the cache could not say. */
export async function sortedSetCount(key: string, minScore: number): Promise<number | undefined> {
  return attempt(1, (cache) => cache.sortedSetCount(key, minScore));
}

/** Elements within the score range, lowest first; undefined when the cache could not say. */
export async function sortedSetRange(key: string, range: ScoreRange): Promise<ScoredElement[] | undefined> {
  return attempt(1, (cache) => cache.sortedSetRange(key, range));
}

export async function sortedSetRemove(key: string, elements: string[]): Promise<void> {
  if (elements.length === 0) return;
  await attempt(1, (cache) => cache.sortedSetRemove(key, elements));
}

export async function dictionarySet(key: string, field: string, value: unknown, ttlSeconds: number): Promise<void> {
  const stored = await encode(value);
  await attempt(1, (cache) => cache.dictionarySet(key, field, stored, ttl(ttlSeconds)));
}

/** Every field of a dictionary in one call; empty when absent or when the cache could not say. */
export async function dictionaryGetAll<T>(key: string): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const stored = await attempt(1, (cache) => cache.dictionaryGetAll(key));
  for (const [field, value] of stored ?? []) {
    const decoded = (await read<T>(value))?.value;
    if (decoded !== undefined) found.set(field, decoded);
  }
  return found;
}

export interface CachedOptions {
  /** Also keep the value in this Lambda's memory for this long (hot, slowly changing data). */
  memorySeconds?: number;
  /** How long a "not found" is remembered; defaults to the TTL, at most a minute. */
  missingSeconds?: number;
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
  const stored = await attempt(1, (cache) => cache.get(key));
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

/**
 * Batch read-through for lists: one batch read for every key, one `loadMany` for the misses,
 * one batch write of what it found. Keys `loadMany` does not return are simply absent.
 */
export async function cachedMany<T>(
  keys: string[],
  ttlSeconds: number,
  loadMany: (missing: string[]) => Promise<Map<string, T>>,
): Promise<Map<string, T>> {
  const unique = [...new Set(keys)];
  const found = await getMany<T>(unique);
  const missing = unique.filter((key) => !found.has(key));
  if (missing.length === 0) return found;
  const loaded = await loadMany(missing);
  await setMany(loaded, ttlSeconds);
  for (const [key, value] of loaded) found.set(key, value);
  return found;
}

/** A stored value, decoded; undefined when it cannot be read (a value from an older shape). */
async function read<T>(stored: string): Promise<{ value: T | undefined } | undefined> {
  try {
    return { value: await decode<T>(stored) };
  } catch {
    return undefined;
  }
}

/** Test hook: forget the client (new configuration), the circuit and the memory cache. */
export function resetCache(): void {
  backend = undefined;
  sdk = undefined;
  circuit.reset();
  memory.clear();
  inflight.clear();
}
