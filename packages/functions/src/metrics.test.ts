import * as Cache from "@gogh/core/cache";
import { localMomento } from "@gogh/core/cache/testing";
import { afterEach, describe, expect, it } from "vitest";
import { metricNamespace } from "./metrics";
import { call, newCaller, type RequestLog } from "./testing";

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

afterEach(() => localMomento.restore());

/** What CloudWatch checks before it turns a line into metrics; a line failing it yields none. */
function expectValidEmf(line: RequestLog): Directive[] {
  const aws = line._aws as { Timestamp: number; CloudWatchMetrics: Directive[] };
  expect(Number.isInteger(aws.Timestamp)).toBe(true);
  for (const directive of aws.CloudWatchMetrics) {
    expect(directive.Namespace).toBe(metricNamespace);
    for (const dimensions of directive.Dimensions) {
      for (const dimension of dimensions) expect(typeof line[dimension], dimension).toBe("string");
    }
    for (const metric of directive.Metrics) expect(typeof line[metric.Name], metric.Name).toBe("number");
  }
  return aws.CloudWatchMetrics;
}

const dimensionSets = (directives: Directive[]) => directives.flatMap((directive) => directive.Dimensions);

describe("the request log line", () => {
  it("carries latency, counts and the cold start flag as CloudWatch metrics, by stage and by route", async () => {
    const caller = await newCaller();
    const { log } = await call("GET /v1/me", { token: caller.accessToken });
    const directives = expectValidEmf(log);
    expect(log).toMatchObject({
      Stage: "local",
      Route: "GET /v1/me",
      StatusClass: "2xx",
      Requests: 1,
      Errors: 0,
      DbQueries: log.dbQueries,
      CacheOps: log.cacheOps,
      CacheThrottled: 0,
      ColdStart: 0,
      Latency: log.durationMs,
    });
    expect(dimensionSets(directives)).toEqual([["Stage"], ["Stage", "Route"], ["Stage", "StatusClass"]]);
  });

  it("counts an error by its code and status class, and never names the user in a dimension", async () => {
    const caller = await newCaller();
    const { log } = await call("PATCH /v1/me", { token: caller.accessToken, body: { name: "" } });
    const directives = expectValidEmf(log);
    expect(log).toMatchObject({ StatusClass: "4xx", ErrorCode: "validation_failed", Errors: 1 });
    expect(dimensionSets(directives)).toContainEqual(["Stage", "ErrorCode"]);
    const dimensionValues = dimensionSets(directives)
      .flat()
      .map((dimension) => log[dimension]);
    expect(dimensionValues).not.toContain(caller.userId);
  });

  it("counts the cache calls Momento throttled during the request", async () => {
    const caller = await newCaller();
    // A Lambda fresh from a cold start, and Momento at one operation a second: the list's shared
    // values (app settings, occupancy) go to Momento, which refuses all but the first call.
    Cache.resetCache();
    await localMomento.clear();
    await localMomento.limit(1);
    const { log, status } = await call("GET /v1/spaces", { token: caller.accessToken });
    expect(status).toBe(200);
    expectValidEmf(log);
    expect(log.cacheThrottled).toBeGreaterThan(0);
    expect(log.CacheThrottled).toBe(log.cacheThrottled);
  });
});
