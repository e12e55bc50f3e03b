import { resetClock } from "../clock";
import { cacheConfig } from "../config";
import { resetCache } from "./index";

/**
 * Drives the local Momento server of the test file's stack through its admin endpoints, so that
 * tests of the cache layer can throttle it, break it and read its meters.
 */
export interface LocalMomentoStats {
  operations: Record<string, number>;
  billedOperations: number;
  requests: number;
  throttled: number;
  faulted: number;
}

async function admin(path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${cacheConfig().httpEndpoint}/_local/${path}`, {
    method: body === undefined ? "GET" : "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  if (!response.ok) throw new Error(`local Momento ${path}: ${response.status}`);
  return response;
}

/** Momento's default account limit, which the local server applies unless told otherwise. */
export const momentoDefaultLimit = 100;

export const localMomento = {
  stats: async (): Promise<LocalMomentoStats> => (await admin("stats")).json() as Promise<LocalMomentoStats>,
  resetStats: () => admin("reset-stats", {}),
  clear: () => admin("clear", {}),
  limit: (operationsPerSecond: number | null) => admin("limit", { operationsPerSecond }),
  fault: (fault: "none" | "unavailable" | "slow", slowMs?: number) => admin("fault", { fault, slowMs }),
  /**
   * Healthy again at Momento's default limit, with a fresh client, circuit and memory in this
   * process (a test that needs more says so and raises it).
   */
  restore: async () => {
    resetCache();
    await admin("fault", { fault: "none" });
    await admin("limit", { operationsPerSecond: momentoDefaultLimit });
  },
};

/**
 * For tests that move the clock and count Momento's work: each starts with an empty, healthy
 * local Momento at its default limit (occupancy keys are per window of the test clock, which
 * every test starts again), and ends with the real clock back.
 */
export const freshMomentoEachTest = {
  before: async () => {
    await localMomento.restore();
    await localMomento.clear();
  },
  after: async () => {
    resetClock();
    await localMomento.restore();
  },
};
