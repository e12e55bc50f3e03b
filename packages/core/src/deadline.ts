import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Deadlines for calls to other services (the database, S3): each call gives up after a few
 * seconds, and no later than the request's own budget, which route() sets from its Lambda's
 * timeout less a margin. A hung service then costs the client our 503 with Retry-After, never
 * API Gateway's timeout page. Wall time on purpose (performance.now), not the app's clock.
 */
export const deadlines = {
  /** One call gives up after this long. */
  callMs: 4_000,
  /** route() stops waiting on calls this long before its Lambda's timeout, to answer in time. */
  marginMs: 1_500,
  /** A ROLLBACK after a failure gets this long of its own, even when the request's time is up. */
  cleanupMs: 1_000,
};

/** The request's time for calls, given its Lambda's timeout. */
export function requestBudgetMs(timeoutSeconds: number): number {
  return Math.max(0, timeoutSeconds * 1000 - deadlines.marginMs);
}

/** When the work in scope must be done by, in performance.now() milliseconds. */
const scope = new AsyncLocalStorage<number>();

/** Runs `work` with `ms` of time for its calls, counted from now (nested scopes replace the outer one). */
export function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return scope.run(performance.now() + ms, work);
}

/** Milliseconds a call started now may take: the per-call cap, or less when the request's time runs out. */
export function callTimeoutMs(): number {
  const end = scope.getStore();
  const left = end === undefined ? Infinity : Math.floor(end - performance.now());
  return Math.max(0, Math.min(deadlines.callMs, left));
}

/** The signal a call passes to fetch: it aborts with a TimeoutError when the call's time is up. */
export function callSignal(): AbortSignal {
  const ms = callTimeoutMs();
  return ms > 0
    ? AbortSignal.timeout(ms)
    : AbortSignal.abort(new DOMException("The request's time is up.", "TimeoutError"));
}

/** A fetch failure that says the other side did not answer in time (our signal) or could not be reached. */
export function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}
