// The two Momento adapters on their own: what each costs at cold start (against the floor), how
// long the first `get` takes in a fresh process, and warm throughput per operation, so that the
// split (HTTP for get/set/delete, SDK for setIfAbsent/increment/batch) rests on numbers.
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Bundle, bundleOne, type CacheAdapterName } from "./bundle";
import { runProbe } from "./fresh-node";
import { type LoadOptions, type LoadResult, summarizeLoad } from "./load";
import { median, round } from "./stats";

const probes: { name: CacheAdapterName; entry: string }[] = [
  { name: "HTTP adapter", entry: "http-adapter" },
  { name: "SDK adapter (static)", entry: "sdk-adapter" },
  { name: "SDK adapter (dynamic import)", entry: "sdk-lazy" },
];

export const isCacheAdapter = (name: Bundle["name"]): name is CacheAdapterName =>
  probes.some((probe) => probe.name === name);

/** The probes of cache-probes/, each bundled like a route (SST's build, splitting on) in its own folder. */
export async function bundleCacheAdapters(outDir: string): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  for (const { name, entry } of probes) {
    const source = fileURLToPath(new URL(`cache-probes/${entry}.ts`, import.meta.url));
    bundles.push(await bundleOne(name, source, join(outDir, `cache-${entry}`)));
  }
  return bundles;
}

/**
 * What the probes read at init when no stack runs yet (the cold import runs before it starts):
 * both clients connect lazily, so nothing is dialled.
 */
export const placeholderCacheEnv: Record<string, string> = {
  SST_RESOURCE_Cache: JSON.stringify({
    type: "sst.sst.Linkable",
    apiKey: "placeholder",
    cacheName: "gogh",
    httpEndpoint: "http://127.0.0.1:9",
    localEndpoint: "127.0.0.1:9",
  }),
};

export interface FirstCacheCall {
  name: CacheAdapterName;
  runs: number;
  /** Module evaluated → the first `get` answered (client set-up, connection, and the SDK's load when lazy). */
  firstGetMedianMs: number;
  firstGetMaxMs: number;
  /** The next `get` on the same client: what a warm call costs, for comparison. */
  secondGetMedianMs: number;
  /** Process start → the first value: import plus first get. */
  startToValueMedianMs: number;
}

interface CallProbeResult {
  evaluatedMs: number;
  firstGetMs: number;
  secondGetMs: number;
  hit: boolean;
}

/** Each adapter's first `get` of `key` (which must exist), `runs` fresh processes each, round-robin. */
export async function measureFirstCacheCalls(
  bundles: Bundle[],
  runs: number,
  stackEnv: Record<string, string>,
  key: string,
): Promise<FirstCacheCall[]> {
  const samples = new Map<Bundle["name"], CallProbeResult[]>(bundles.map((bundle) => [bundle.name, []]));
  for (let run = 0; run < runs; run++) {
    for (const bundle of bundles) {
      const result = await runProbe<CallProbeResult>("cache-call-probe.mjs", [pathToFileURL(bundle.file).href], {
        ...stackEnv,
        BENCH_CACHE_KEY: key,
      });
      if (!result.hit) throw new Error(`${bundle.name}: the first get of ${key} missed`);
      samples.get(bundle.name)!.push(result);
    }
  }
  return bundles.map(({ name }) => {
    if (!isCacheAdapter(name)) throw new Error(`${name} is no cache adapter probe`);
    const results = samples.get(name)!;
    const firsts = results.map((result) => result.firstGetMs);
    return {
      name,
      runs: results.length,
      firstGetMedianMs: round(median(firsts)),
      firstGetMaxMs: round(Math.max(...firsts)),
      secondGetMedianMs: round(median(results.map((result) => result.secondGetMs)), 2),
      startToValueMedianMs: round(median(results.map((result) => result.evaluatedMs + result.firstGetMs))),
    };
  });
}

export type CacheOperation = "get" | "set" | "delete" | "getMany" | "setIfAbsent" | "increment";

/** What the HTTP adapter serves itself; the rest it hands to the SDK. */
export const httpOperations: CacheOperation[] = ["get", "set", "delete", "getMany"];
export const sdkOperations: CacheOperation[] = ["get", "set", "delete", "getMany", "setIfAbsent", "increment"];

export interface AdapterLoad {
  adapter: CacheAdapterName;
  operation: CacheOperation;
  result: LoadResult;
}

export interface AdapterLoadOptions extends LoadOptions {
  /** Keys that exist for the whole run (gets are hits). */
  keys: string[];
  /** The value sets write. */
  value: string;
  /** Keys per getMany. */
  batch: number;
}

/** One operation through one adapter bundle, in a fresh process of its own (client) against the stack's server. */
export async function measureAdapterLoad(
  bundle: Bundle,
  operation: CacheOperation,
  stackEnv: Record<string, string>,
  options: AdapterLoadOptions,
): Promise<AdapterLoad> {
  if (!isCacheAdapter(bundle.name)) throw new Error(`${bundle.name} is no cache adapter probe`);
  const { latencies, errors, seconds, firstError } = await runProbe<{
    latencies: number[];
    errors: number;
    seconds: number;
    firstError?: string;
  }>(
    "cache-load-probe.mjs",
    [pathToFileURL(bundle.file).href],
    { ...stackEnv, BENCH_CACHE_LOAD: JSON.stringify({ op: operation, ...options }) },
    options.timeCapMs * 2 + 30_000,
  );
  return {
    adapter: bundle.name,
    operation,
    result: summarizeLoad(latencies, errors, seconds, options.requests, firstError),
  };
}
