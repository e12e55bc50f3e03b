import type { RouteName } from "@gogh/functions/routes";
import type { Bundle } from "./bundle";
import type { CapacityBeside } from "./capacity-beside";
import type { BurstResult, CacheOpsPerRequest } from "./cache-routes";
import type { ColdImport } from "./cold-start";
import type { CatalogReadResult, PurchaseResult } from "./economy";
import type { FirstRequest } from "./first-request";
import type { FocusFinishResult } from "./focus-finish";
import type { LoadResult } from "./load";
import type { WarmLatency } from "./route-latency";

// What one `pnpm bench` run measured, as bench/results/latest.json holds it.

export interface LoadComparison {
  name: RouteName;
  path: string;
  /** Seeded names the search term matches (search only). */
  matches?: number;
  /** What the route sent to the database for one request, replayed by the raw loop. */
  statements: string[];
  gateway: LoadResult;
  raw: LoadResult;
  /** Gateway req/s ÷ raw req/s, and gateway p50 ÷ raw p50. */
  requestsPerSecondRatio: number;
  p50Ratio: number;
}

export interface Results {
  startedAt: string;
  finishedAt: string;
  machine: { node: string; platform: string; arch: string; cpus: number; cpuModel: string; memoryGb: number };
  note: string;
  settings: Record<string, number | string>;
  /** Each service's round trip while the latency was measured. */
  delays: { databaseMs: number; cacheMs: number; storageMs: number };
  bundles: Omit<Bundle, "file">[];
  coldImport: ColdImport[];
  /** Under `delays`: routes and references. */
  firstRequest: FirstRequest[];
  routeLatency: WarmLatency[];
  referenceLatency: WarmLatency[];
  load: LoadComparison[];
  cacheOpsPerRequest: CacheOpsPerRequest[];
  bursts: BurstResult[];
  focusFinish: FocusFinishResult;
  catalogRead: CatalogReadResult;
  purchases: PurchaseResult;
  /** The capacity run, beside the one committed in bench/results/capacity.json. */
  capacity?: CapacityBeside;
}
