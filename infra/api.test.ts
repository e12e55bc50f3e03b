import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { routes } from "../packages/functions/src/routes";
import { defaults, type RouteSpec } from "../packages/functions/src/spec";

/**
 * Evaluates infra/api.ts the way `sst deploy` would, but with stand-ins for the SST globals,
 * so the Lambdas it declares can be compared with the route table without AWS.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
const functionsSource = `${root}packages/functions/src/`;

interface RouteCall {
  key: string;
  handler: Record<string, unknown>;
}

class Secret {
  readonly value: string;
  constructor(readonly name: string) {
    this.value = `secret:${name}`;
  }
}

class Linkable {
  constructor(
    readonly name: string,
    readonly definition: { properties: Record<string, unknown> },
  ) {}
}

interface Alarm {
  name: string;
  args: Record<string, any>;
}

/** Stand-ins for the SST and Pulumi globals infra/* uses, recording what they were asked to make. */
function installGlobals(stage: string) {
  const calls: RouteCall[] = [];
  const alarms: Alarm[] = [];
  const topics: { name: string; arn: string; subscriptions: string[] }[] = [];
  let args: Record<string, unknown> = {};
  let bucket: Record<string, unknown> = {};
  const cdnRoutes: string[] = [];
  class Bucket {
    readonly name = "content-bucket";
    readonly arn = "arn:aws:s3:::content-bucket";
    readonly nodes = { bucket: { region: "ap-northeast-1" } };
    constructor(_name: string, bucketArgs: Record<string, unknown>) {
      bucket = bucketArgs;
    }
  }
  class Router {
    readonly url = "https://cdn.example.test";
    routeBucket(pattern: string, target: unknown) {
      expect(target).toBeInstanceOf(Bucket);
      cdnRoutes.push(pattern);
    }
  }
  class ApiGatewayV2 {
    readonly url = "https://api.example.test";
    constructor(_name: string, constructorArgs: Record<string, unknown> = {}) {
      args = constructorArgs;
    }
    route(key: string, handler: Record<string, unknown>) {
      calls.push({ key, handler });
    }
  }
  class SnsTopic {
    readonly arn: string;
    readonly subscriptions: string[] = [];
    constructor(readonly name: string) {
      this.arn = `arn:aws:sns:test:${name}`;
      topics.push(this);
    }
    subscribe(_name: string, endpoint: string) {
      this.subscriptions.push(endpoint);
    }
  }
  class MetricAlarm {
    constructor(name: string, alarmArgs: Record<string, any>) {
      alarms.push({ name, args: alarmArgs });
    }
  }
  Object.assign(globalThis, {
    $app: { name: "gogh", stage },
    $dev: false,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), ""),
    sst: { Secret, Linkable, aws: { ApiGatewayV2, SnsTopic, Bucket, Router } },
    aws: { cloudwatch: { MetricAlarm } },
  });
  return { calls, alarms, topics, args: () => args, bucket: () => bucket, cdnRoutes };
}

async function evaluateApi(stage = "test"): Promise<{
  calls: RouteCall[];
  args: Record<string, unknown>;
  bucket: Record<string, unknown>;
  cdnRoutes: string[];
}> {
  const recorded = installGlobals(stage);
  await import("./api");
  return { calls: recorded.calls, args: recorded.args(), bucket: recorded.bucket(), cdnRoutes: recorded.cdnRoutes };
}

async function evaluateMonitoring(stage: string) {
  const recorded = installGlobals(stage);
  const { monitoring } = await import("./monitoring");
  return { monitoring, alarms: recorded.alarms, topics: recorded.topics };
}

/** Handler module path (as SST takes it) → the file it names, relative to the functions source. */
function handlerFile(handler: unknown): string {
  const match = /^packages\/functions\/src\/(.+)\.handler$/.exec(String(handler));
  if (!match) throw new Error(`Not a handler path under packages/functions/src: ${String(handler)}`);
  return `${match[1]}.ts`;
}

function filesExportingHandler(dir = functionsSource): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .filter((file) =>
      /export\s+(const|let|function|async\s+function)\s+handler\b|export\s*\{[^}]*\bhandler\b/.test(
        readFileSync(`${dir}${file}`, "utf8"),
      ),
    )
    .sort();
}

beforeEach(() => vi.resetModules());
afterEach(() => {
  vi.doUnmock("../packages/functions/src/routes");
  vi.unstubAllEnvs();
  for (const name of ["$app", "$dev", "$interpolate", "sst", "aws"]) Reflect.deleteProperty(globalThis, name);
});

describe("infra/api.ts", () => {
  it("declares exactly one route per entry of the route table, with the same method and path", async () => {
    const { calls } = await evaluateApi();
    expect(calls.map((call) => call.key).sort()).toEqual(Object.keys(routes).sort());
  });

  it("points every route at the handler file the table names, which exports a handler", async () => {
    const { calls } = await evaluateApi();
    for (const { key, handler } of calls) {
      const spec: RouteSpec = routes[key as keyof typeof routes];
      const file = handlerFile(handler.handler);
      expect(file, key).toBe(`${spec.handler}.ts`);
      expect(existsSync(`${functionsSource}${file}`), file).toBe(true);
      const module = (await import(`${functionsSource}${file}`)) as { handler?: unknown };
      expect(typeof module.handler, file).toBe("function");
    }
  });

  it("gives each Lambda the table's memory and timeout, or the defaults", async () => {
    const { calls } = await evaluateApi();
    for (const { key, handler } of calls) {
      const spec: RouteSpec = routes[key as keyof typeof routes];
      expect(handler.memory, key).toBe(`${spec.memory ?? defaults.memory} MB`);
      expect(handler.timeout, key).toBe(`${spec.timeout ?? defaults.timeout} seconds`);
    }
  });

  it("follows a changed table: a route added with its own memory and timeout gets exactly those", async () => {
    vi.doMock("../packages/functions/src/routes", () => ({
      routes: {
        "GET /v1/only": { handler: "only/one", auth: "none", summary: "", memory: 1024, timeout: 29 },
        "DELETE /v1/things/{thingId}": { handler: "thing/remove", auth: "user", summary: "" },
      },
    }));
    const { calls } = await evaluateApi();
    expect(calls.map(({ key, handler }) => [key, handler.handler, handler.memory, handler.timeout])).toEqual([
      ["GET /v1/only", "packages/functions/src/only/one.handler", "1024 MB", "29 seconds"],
      [
        "DELETE /v1/things/{thingId}",
        "packages/functions/src/thing/remove.handler",
        `${defaults.memory} MB`,
        `${defaults.timeout} seconds`,
      ],
    ]);
  });

  it("builds every Lambda the same way: current Node on arm64, minified ESM, linked to the database, the cache and the JWT secret", async () => {
    const { calls } = await evaluateApi();
    for (const { key, handler } of calls) {
      const spec: RouteSpec = routes[key as keyof typeof routes];
      expect(handler.runtime, key).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(handler.architecture, key).toBe("arm64");
      expect(handler.nodejs, key).toMatchObject({ format: "esm", minify: true, splitting: true });
      const linked = (handler.link as (Secret | Linkable)[]).map((resource) => resource.name).sort();
      expect(linked, key).toEqual(["Cache", "Database", "JwtSecret", "Storage"]);
      expect(handler.permissions === undefined, key).toBe(!spec.storage);
    }
  });

  it("gives bucket rights only to the routes that use S3, and installs native packages only where the table says", async () => {
    const { calls } = await evaluateApi();
    const withRights = calls.filter(({ handler }) => handler.permissions).map(({ key }) => key);
    expect(withRights).toContain("POST /v1/stickers/{id}/complete");
    expect(withRights).not.toContain("GET /v1/focus/stats");
    expect(withRights).not.toContain("GET /v1/me");
    for (const { key, handler } of calls.filter(({ handler }) => handler.permissions)) {
      expect(handler.permissions, key).toEqual([
        { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::content-bucket"] },
        {
          actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          resources: ["arn:aws:s3:::content-bucket/*"],
        },
      ]);
    }
    const installing = calls.filter(({ handler }) => (handler.nodejs as { install?: string[] }).install);
    expect(installing.map(({ key, handler }) => [key, (handler.nodejs as { install?: string[] }).install])).toEqual([
      ["POST /v1/stickers/{id}/complete", ["sharp"]],
    ]);
  });

  it("links storage as the properties packages/core/src/config.ts reads", async () => {
    const { calls } = await evaluateApi();
    const storage = (calls[0]?.handler.link as unknown[]).find(
      (resource): resource is Linkable => resource instanceof Linkable && resource.name === "Storage",
    )!;
    expect(storage.definition.properties).toEqual({
      bucket: "content-bucket",
      cdnUrl: "https://cdn.example.test",
      region: "ap-northeast-1",
      endpoint: "",
    });
  });

  it("keeps the bucket private behind the CDN, which serves only the public prefixes, and expires abandoned uploads", async () => {
    const { bucket, cdnRoutes } = await evaluateApi();
    expect(bucket.access).toBe("cloudfront");
    expect(cdnRoutes.sort()).toEqual(["/avatars", "/rooms", "/stickers"]);
    expect(bucket.lifecycle).toEqual([{ id: "abandoned-uploads", prefix: "pending/", expiresIn: "1 day" }]);
    expect(bucket.cors).toMatchObject({ allowMethods: ["PUT"], allowHeaders: ["content-type"] });
  });

  it("links the database as the properties packages/core/src/config.ts reads", async () => {
    const { calls } = await evaluateApi();
    const database = (calls[0]?.handler.link as unknown[]).find(
      (resource): resource is Linkable => resource instanceof Linkable && resource.name === "Database",
    );
    expect(database?.definition.properties).toEqual({
      host: "secret:PlanetScaleHost",
      username: "secret:PlanetScaleUsername",
      password: "secret:PlanetScalePassword",
    });
  });

  it("links the cache as the properties packages/core/src/config.ts reads, one cache per stage", async () => {
    const { calls } = await evaluateApi();
    const cache = (calls[0]?.handler.link as unknown[]).find(
      (resource): resource is Linkable => resource instanceof Linkable && resource.name === "Cache",
    );
    expect(cache?.definition.properties).toEqual({
      apiKey: "secret:MomentoApiKey",
      cacheName: expect.stringMatching(/^gogh-/),
      httpEndpoint: "secret:MomentoHttpEndpoint",
      localEndpoint: "",
    });
  });
});

describe("infra/stage.ts", () => {
  it("keeps personal stages small and short-lived, with any browser origin", async () => {
    const { calls, args } = await evaluateApi("alice");
    expect(args).toMatchObject({ cors: { allowOrigins: ["*"] }, accessLog: { retention: "3 days" } });
    expect(args.domain).toBeUndefined();
    const unsized = calls.find(({ key }) => (routes[key as keyof typeof routes] as RouteSpec).memory === undefined)!;
    expect(unsized.handler).toMatchObject({ memory: `${defaults.memory} MB`, logging: { retention: "3 days" } });
  });

  it("gives production more memory, three months of logs, no browser origins, and the domain the deploy names", async () => {
    vi.stubEnv("GOGH_API_DOMAIN", "api.gogh.example");
    vi.stubEnv("GOGH_API_CERT_ARN", "arn:aws:acm:us-east-1:111122223333:certificate/abc");
    const { calls, args } = await evaluateApi("production");
    expect(args).toMatchObject({
      cors: { allowOrigins: [] },
      accessLog: { retention: "3 months" },
      domain: { name: "api.gogh.example", cert: "arn:aws:acm:us-east-1:111122223333:certificate/abc" },
    });
    for (const { key, handler } of calls) {
      const spec: RouteSpec = routes[key as keyof typeof routes];
      expect(handler.memory, key).toBe(`${spec.memory ?? 512} MB`);
      expect(handler.logging, key).toEqual({ retention: "3 months" });
    }
  });

  it("takes staging's CORS origins from the deploy when given", async () => {
    vi.stubEnv("GOGH_CORS_ORIGINS", "https://admin.gogh.example, https://docs.gogh.example");
    const { args } = await evaluateApi("staging");
    expect(args).toMatchObject({ cors: { allowOrigins: ["https://admin.gogh.example", "https://docs.gogh.example"] } });
  });

  it("protects and retains production only (sst.config.ts)", async () => {
    let config: { app(input: { stage: string }): Record<string, unknown> } | undefined;
    Object.assign(globalThis, { $config: (value: typeof config) => (config = value) });
    try {
      await import("../sst.config");
    } finally {
      Reflect.deleteProperty(globalThis, "$config");
    }
    expect(config!.app({ stage: "production" })).toMatchObject({ protect: true, removal: "retain" });
    expect(config!.app({ stage: "staging" })).toMatchObject({ protect: false, removal: "remove" });
  });
});

describe("infra/monitoring.ts", () => {
  it("makes no alarms outside production", async () => {
    for (const stage of ["alice", "staging"]) {
      vi.resetModules();
      const { monitoring, alarms } = await evaluateMonitoring(stage);
      expect(monitoring, stage).toBeUndefined();
      expect(alarms, stage).toEqual([]);
    }
  });

  it("alarms in production on the 5xx rate and on throttled cache calls, to a topic the deploy can subscribe to", async () => {
    vi.stubEnv("GOGH_ALARM_EMAIL", "oncall@gogh.example");
    const { alarms, topics } = await evaluateMonitoring("production");
    expect(topics).toMatchObject([{ subscriptions: ["mailto:oncall@gogh.example"] }]);
    expect(alarms.map((alarm) => alarm.name).sort()).toEqual(["CacheThrottled", "ServerErrorRate"]);
    for (const { args } of alarms) expect(args.alarmActions).toEqual([topics[0]!.arn]);
  });

  it("watches exactly the metrics and dimensions the request line publishes", async () => {
    const { alarms } = await evaluateMonitoring("production");
    // What one 5xx request line declares (packages/functions/src/metrics.ts).
    const { requestMetrics } = await import("../packages/functions/src/metrics");
    const line = requestMetrics(
      {
        route: "GET /v1/me",
        status: 500,
        durationMs: 1,
        errorCode: "internal",
        dbQueries: 0,
        cacheOps: 0,
        cacheThrottled: 1,
        coldStart: false,
      },
      { stage: "production" },
    ) as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } };
    const published = new Set(
      line._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Dimensions.flatMap((dimensions) =>
          directive.Metrics.map(
            (metric) => `${directive.Namespace}/${metric.Name}[${[...dimensions].sort().join(",")}]`,
          ),
        ),
      ),
    );
    const watched = alarms.flatMap(({ args }) =>
      (args.metricQueries?.map((query: { metric?: unknown }) => query.metric).filter(Boolean) ?? [args]).map(
        (metric: { namespace: string; metricName: string; dimensions: Record<string, string> }) => {
          for (const [dimension, value] of Object.entries(metric.dimensions)) {
            expect(value, dimension).toBe((line as Record<string, unknown>)[dimension]);
          }
          return `${metric.namespace}/${metric.metricName}[${Object.keys(metric.dimensions).sort().join(",")}]`;
        },
      ),
    );
    expect(watched.length).toBe(3);
    for (const metric of watched) expect(published, metric).toContain(metric);
  });
});

describe("packages/functions/src", () => {
  it("has no handler the route table does not name", () => {
    const named = Object.values(routes).map((spec: RouteSpec) => `${spec.handler}.ts`);
    expect(filesExportingHandler()).toEqual([...new Set(named)].sort());
  });
});
