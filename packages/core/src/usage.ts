import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one request cost in calls to other services. route() opens a scope per request; the
 * adapters count into it; the log line and the tests' budgets read it. Async-local so that
 * concurrent requests in one process (the local gateway) never mix their counts.
 */
export interface Usage {
  dbQueries: number;
  /** Calls to Momento (round trips). */
  cacheCalls: number;
  /** Momento operations as Momento bills them: each started KiB of request and response, at least one a call. */
  cacheOps: number;
  /** Cache calls Momento refused for its rate limit (LIMIT_EXCEEDED / HTTP 429). */
  cacheThrottled: number;
  /** Calls to S3 (presigning is not one: it is computed in the Lambda). */
  storageOps: number;
}

const scope = new AsyncLocalStorage<Usage>();

export function trackUsage<T>(run: () => Promise<T>): { usage: Usage; result: Promise<T> } {
  const usage: Usage = { dbQueries: 0, cacheCalls: 0, cacheOps: 0, cacheThrottled: 0, storageOps: 0 };
  return { usage, result: scope.run(usage, run) };
}

export function countUsage(kind: keyof Usage, by = 1): void {
  const usage = scope.getStore();
  if (usage) usage[kind] += by;
}
