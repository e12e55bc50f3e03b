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

async function evaluateApi(): Promise<{
  calls: RouteCall[];
  args: Record<string, unknown>;
  bucket: Record<string, unknown>;
  cdnRoutes: string[];
}> {
  const calls: RouteCall[] = [];
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
  let args: Record<string, unknown> = {};
  class ApiGatewayV2 {
    readonly url = "https://api.example.test";
    constructor(_name: string, constructorArgs: Record<string, unknown> = {}) {
      args = constructorArgs;
    }
    route(key: string, handler: Record<string, unknown>) {
      calls.push({ key, handler });
    }
  }
  Object.assign(globalThis, {
    $app: { name: "gogh", stage: "test" },
    $dev: false,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), ""),
    sst: {
      Secret,
      Linkable,
      aws: { ApiGatewayV2, Bucket, Router },
    },
  });
  await import("./api");
  return { calls, args, bucket, cdnRoutes };
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
  for (const name of ["$app", "$dev", "$interpolate", "sst"]) Reflect.deleteProperty(globalThis, name);
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
    const complete = calls.find(({ key }) => key === "POST /v1/stickers/{id}/complete")!;
    const storage = (complete.handler.link as unknown[]).find(
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

describe("packages/functions/src", () => {
  it("has no handler the route table does not name", () => {
    const named = Object.values(routes).map((spec: RouteSpec) => `${spec.handler}.ts`);
    expect(filesExportingHandler()).toEqual([...new Set(named)].sort());
  });
});
