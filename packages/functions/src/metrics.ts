import { stageName } from "@gogh/core/config";
import { metricNamespace } from "./metric-names";

export { metricNamespace };

/**
 * CloudWatch Embedded Metric Format for the one request log line: CloudWatch turns these
 * members into metrics without an API call. Dimensions stay low-cardinality (stage, route,
 * status class, error code; never a user), and each dimension set is a billed metric, so only
 * latency and errors are kept per route; the rest are per stage.
 */

export interface RequestFacts {
  route: string;
  status: number;
  durationMs: number;
  /** The error code the response carried ("internal" for an unexpected failure). */
  errorCode?: string;
  dbQueries: number;
  cacheOps: number;
  cacheThrottled: number;
  coldStart: boolean;
}

const count = (name: string) => ({ Name: name, Unit: "Count" });

export function requestMetrics(
  facts: RequestFacts,
  { now = Date.now(), stage = stageName() }: { now?: number; stage?: string } = {},
): Record<string, unknown> {
  const failed = facts.status >= 400;
  const directives = [
    {
      Namespace: metricNamespace,
      Dimensions: [["Stage"]],
      Metrics: [
        { Name: "Latency", Unit: "Milliseconds" },
        count("Requests"),
        count("DbQueries"),
        count("CacheOps"),
        count("CacheThrottled"),
        count("ColdStart"),
      ],
    },
    {
      Namespace: metricNamespace,
      Dimensions: [["Stage", "Route"]],
      Metrics: [{ Name: "Latency", Unit: "Milliseconds" }, count("Errors")],
    },
    // Requests by 2xx/4xx/5xx: the 5xx rate alarm divides the 5xx count by the stage's total.
    { Namespace: metricNamespace, Dimensions: [["Stage", "StatusClass"]], Metrics: [count("Requests")] },
    // A dimension must be present in the line, so errors by code are only declared on errors.
    ...(failed
      ? [{ Namespace: metricNamespace, Dimensions: [["Stage", "ErrorCode"]], Metrics: [count("Errors")] }]
      : []),
  ];
  return {
    _aws: { Timestamp: now, CloudWatchMetrics: directives },
    Stage: stage,
    Route: facts.route,
    StatusClass: `${Math.floor(facts.status / 100)}xx`,
    ...(failed ? { ErrorCode: facts.errorCode ?? "unknown" } : {}),
    Latency: facts.durationMs,
    Requests: 1,
    Errors: failed ? 1 : 0,
    DbQueries: facts.dbQueries,
    CacheOps: facts.cacheOps,
    CacheThrottled: facts.cacheThrottled,
    ColdStart: facts.coldStart ? 1 : 0,
  };
}
