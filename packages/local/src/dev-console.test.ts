import { afterEach, describe, expect, it } from "vitest";
import { log, logSink } from "@gogh/core/log";
import { devConsole } from "./dev-console";

const original = logSink.write;
afterEach(() => {
  logSink.write = original;
});

describe("the dev console", () => {
  it("prints one short line per request, without the metric JSON", () => {
    const printed: string[] = [];
    const output = devConsole((text) => printed.push(text));
    log("info", "request", {
      requestId: "r1",
      route: "GET /v1/users/search",
      status: 200,
      dbQueries: 2,
      cacheOps: 0,
      _aws: { Timestamp: 1, CloudWatchMetrics: [] },
      Latency: 12,
    });
    expect(printed).toEqual([]);
    output.served({
      method: "GET",
      target: "/v1/users/search?q=さくら",
      status: 200,
      milliseconds: 12.4,
      requestId: "r1",
    });
    log("warn", "cache call failed; circuit open", { pauseMs: 600 });
    log("error", "request failed", {
      requestId: "r2",
      route: "GET /v1/me",
      status: 500,
      dbQueries: 1,
      cacheOps: 0,
      errorCode: "internal",
      error: { message: "boom", stack: "Error: boom\n    at here" },
    });
    output.served({ method: "GET", target: "/v1/me", status: 500, milliseconds: 3, requestId: "r2" });
    output.served({ method: "GET", target: "/nope", status: 404, milliseconds: 0.2 });
    expect(printed.join("")).toBe(
      [
        "GET  /v1/users/search?q=さくら  200  12 ms  2 queries  0 cache ops",
        "warn: cache call failed; circuit open  pauseMs=600",
        "GET  /v1/me  500  3 ms  1 queries  0 cache ops  internal",
        "  Error: boom\n    at here",
        "GET  /nope  404  0 ms",
        "",
      ].join("\n"),
    );
  });
});
