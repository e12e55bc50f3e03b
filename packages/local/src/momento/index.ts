// A local Momento: the unmodified @gomomento/sdk talks to its gRPC side through
// MomentoLocalProvider, and fetch() to its HTTP API. One cache, TTLs, Momento's limits and
// billing, an injectable operations limit and injectable faults, so cache code can be tested
// against the ceiling it meets in production.
import { Faults, type MomentoFault } from "./faults";
import type { Cache } from "./gate";
import { startGrpcServer } from "./grpc";
import { startHttpServer } from "./http";
import { Meter, type MomentoStats } from "./meter";
import { Store } from "./store";

export type { MomentoFault } from "./faults";
export type { MomentoStats } from "./meter";

export interface MomentoServerOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: an ephemeral port. */
  grpcPort?: number;
  /** Defaults to 0: an ephemeral port. */
  httpPort?: number;
  /** The one cache that exists; other names get NOT_FOUND (gRPC) / 404 (HTTP). Defaults to "gogh". */
  cacheName?: string;
  /** The HTTP API's token (Authorization header or `token`); wrong or missing → 401. Defaults to "local-momento-key". */
  apiKey?: string;
  /** Billed operations allowed per second, over gRPC and HTTP together. Defaults to Infinity (no limit). */
  operationsPerSecond?: number;
}

export interface MomentoServer {
  /** "host:port", for MomentoLocalProvider({ hostname, port }). */
  grpcEndpoint: string;
  grpcPort: number;
  /** "http://host:port", the base of the HTTP API. */
  httpUrl: string;
  cacheName: string;
  apiKey: string;
  stats(): MomentoStats;
  resetStats(): void;
  /** Infinity = no limit. The new limit starts from an empty one-second window. */
  setLimit(operationsPerSecond: number): void;
  /** "slow" answers every call after `slowMs` (default 2_000, past the SDK's Lambda deadline of 1.1 s). */
  setFault(fault: MomentoFault, options?: { slowMs?: number }): void;
  /** Drops every item. */
  clear(): void;
  /** As new: no items, no limit, no fault, zeroed counters. */
  reset(): void;
  close(): Promise<void>;
}

/** How often expired items are swept out; reads drop them lazily in between. */
const SWEEP_INTERVAL_MS = 5_000;

export async function startMomentoServer(options: MomentoServerOptions = {}): Promise<MomentoServer> {
  const host = options.host ?? "127.0.0.1";
  const apiKey = options.apiKey ?? "local-momento-key";
  const cache: Cache = {
    name: options.cacheName ?? "gogh",
    store: new Store(),
    meter: new Meter(options.operationsPerSecond ?? Infinity),
    faults: new Faults(),
  };
  const grpcServer = await startGrpcServer(cache, host, options.grpcPort ?? 0);
  const http = await startHttpServer(cache, apiKey, host, options.httpPort ?? 0).catch(async (error: unknown) => {
    await grpcServer.close();
    throw error;
  });
  const sweeper = setInterval(() => cache.store.sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    grpcEndpoint: `${urlHost}:${grpcServer.port}`,
    grpcPort: grpcServer.port,
    httpUrl: `http://${urlHost}:${http.port}`,
    cacheName: cache.name,
    apiKey,
    stats: () => cache.meter.stats(),
    resetStats: () => cache.meter.resetStats(),
    setLimit: (operationsPerSecond) => cache.meter.setLimit(operationsPerSecond),
    setFault: (fault, faultOptions) => cache.faults.set(fault, faultOptions),
    clear: () => cache.store.clear(),
    reset: () => {
      cache.store.clear();
      cache.meter.setLimit(Infinity);
      cache.faults.set("none");
      cache.meter.resetStats();
    },
    close: async () => {
      clearInterval(sweeper);
      cache.faults.abandonDelays();
      await Promise.all([grpcServer.close(), http.close()]);
    },
  };
}
