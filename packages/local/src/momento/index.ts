// A local Momento that speaks Momento's HTTP API (get, set, delete) and behaves like the
// service on what decides capacity: its billing rules, its default limit of 100 operations a
// second, its item size and TTL limits; plus injectable faults, so cache code is tested against
// the ceiling it meets in production.
import { Faults, type MomentoFault } from "./faults";
import type { Cache } from "./gate";
import { startHttpServer } from "./http";
import { DEFAULT_OPERATIONS_PER_SECOND } from "./limits";
import { Meter, type MomentoStats } from "./meter";
import { Store } from "./store";
import { delayMs, delayVariables, RoundTrip } from "../latency";

export type { MomentoFault } from "./faults";
export type { MomentoStats } from "./meter";

export interface MomentoServerOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: an ephemeral port. */
  httpPort?: number;
  /** The one cache that exists; other names get 404 "Cache not found". Defaults to "gogh". */
  cacheName?: string;
  /** The token (Authorization header or `token`); wrong or missing → 401. Defaults to "local-momento-key". */
  apiKey?: string;
  /**
   * Billed operations allowed per second. Defaults to 100, Momento's default account limit;
   * Infinity lifts it.
   */
  operationsPerSecond?: number;
  /** The clock of TTLs and of the limit's one-second window (tests move it instead of sleeping). */
  now?: () => number;
  /** Each call's round trip, as from a Lambda in Momento's region. Defaults to GOGH_CACHE_DELAY_MS, else 0. */
  latencyMs?: number;
}

export interface MomentoServer {
  /** "http://host:port", the base of the HTTP API. */
  httpUrl: string;
  cacheName: string;
  apiKey: string;
  stats(): MomentoStats;
  resetStats(): void;
  /** Infinity = no limit. The new limit starts from an empty one-second window. */
  setLimit(operationsPerSecond: number): void;
  /** "slow" answers every call after `slowMs` (default 2_000, past a Lambda client's 1 s timeout). */
  setFault(fault: MomentoFault, options?: { slowMs?: number }): void;
  /** Drops every item. */
  clear(): void;
  /** Changes the round-trip delay of the calls that come in from now on. */
  setLatency(ms: number): void;
  /** As started: no items, the starting limit, no fault, zeroed counters. */
  reset(): void;
  close(): Promise<void>;
}

/** How often expired items are swept out; reads drop them lazily in between. */
const SWEEP_INTERVAL_MS = 5_000;

export async function startMomentoServer(options: MomentoServerOptions = {}): Promise<MomentoServer> {
  const host = options.host ?? "127.0.0.1";
  const operationsPerSecond = options.operationsPerSecond ?? DEFAULT_OPERATIONS_PER_SECOND;
  const cache: Cache = {
    name: options.cacheName ?? "gogh",
    apiKey: options.apiKey ?? "local-momento-key",
    store: new Store(options.now),
    meter: new Meter(operationsPerSecond, options.now),
    faults: new Faults(),
    roundTrip: new RoundTrip(delayMs(options.latencyMs, delayVariables.cacheMs)),
  };
  const http = await startHttpServer(cache, host, options.httpPort ?? 0);
  const sweeper = setInterval(() => cache.store.sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    httpUrl: `http://${urlHost}:${http.port}`,
    cacheName: cache.name,
    apiKey: cache.apiKey,
    stats: () => cache.meter.stats(),
    resetStats: () => cache.meter.resetStats(),
    setLimit: (limit) => cache.meter.setLimit(limit),
    setFault: (fault, faultOptions) => cache.faults.set(fault, faultOptions),
    clear: () => cache.store.clear(),
    setLatency: (ms) => cache.roundTrip.set(ms),
    reset: () => {
      cache.store.clear();
      cache.meter.setLimit(operationsPerSecond);
      cache.faults.set("none");
      cache.meter.resetStats();
    },
    close: async () => {
      clearInterval(sweeper);
      cache.faults.abandonDelays();
      await http.close();
    },
  };
}
