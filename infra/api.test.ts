import { existsSync, readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { jobs, type JobSpec } from "../packages/functions/src/jobs";
import { routes } from "../packages/functions/src/routes";
import { defaults, type RouteSpec, type StoragePrefix } from "../packages/functions/src/spec";
import { installedVersion } from "./testing/packages";
import { type LambdaView, one, routeLambdas, withoutDevBridge } from "./testing/query";
import { addedRoute, stacksFor } from "./testing/scenarios";
import { appSettings, type Evaluation, root } from "./testing/stack";

/**
 * The API as SST's real components build it from the route table (sst.config.ts → infra/api.ts),
 * evaluated under Pulumi's mocks: one Lambda per route with the table's settings, the links and
 * bucket rights each route declares and no more, the edge limits, and the CORS rules.
 */
const table = routes as Record<string, RouteSpec>;
const stacks = stacksFor("productionBare", "productionFull", "staging", "personalDev");

const bucketArn = "arn:aws:s3:::contentbucket";

const expectedStatements = (spec: Pick<RouteSpec, "storage">) => {
  const on = (prefixes: readonly StoragePrefix[] = []) => prefixes.map((prefix) => `${bucketArn}/${prefix}*`);
  const access = spec.storage ?? {};
  return [
    ...(access.read?.length ? [{ Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn] }] : []),
    ...(access.read?.length ? [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: on(access.read) }] : []),
    ...(access.write?.length ? [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: on(access.write) }] : []),
    ...(access.delete?.length ? [{ Effect: "Allow", Action: ["s3:DeleteObject"], Resource: on(access.delete) }] : []),
  ];
};

describe("infra/api.ts: one Lambda per route of the table", () => {
  it("deploys without errors on every stage", () => {
    for (const evaluation of [stacks.productionBare, stacks.productionFull, stacks.staging, stacks.personalDev])
      expect(evaluation.errors).toEqual([]);
  });

  it("makes exactly one API route per entry of the table, served by the handler file the table names", () => {
    const lambdas = routeLambdas(stacks.productionBare);
    expect([...lambdas.keys()].sort()).toEqual(Object.keys(table).sort());
    for (const [key, { build }] of lambdas) {
      expect(build.handler, key).toBe(`packages/functions/src/${table[key]!.handler}.handler`);
    }
  });

  it("has no handler file the table (or the jobs' table) does not name", () => {
    const source = `${root}packages/functions/src/`;
    const handlers = readdirSync(source, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .filter((file) => /export\s+const\s+handler\b/.test(readFileSync(`${source}${file}`, "utf8")));
    const named = [...Object.values(table), ...Object.values(jobs as Record<string, JobSpec>)].map(
      (spec) => `${spec.handler}.ts`,
    );
    expect(handlers.sort()).toEqual([...new Set(named)].sort());
  });

  it("gives each Lambda the table's memory and timeout, or the stage's defaults", () => {
    for (const [evaluation, defaultMemory] of [
      [stacks.productionBare, 512],
      [stacks.personalDev, defaults.memory],
    ] as const) {
      for (const [key, { lambda }] of routeLambdas(evaluation)) {
        expect(lambda.inputs.memorySize, key).toBe(table[key]!.memory ?? defaultMemory);
        // Live functions run locally under `sst dev`: the deployed stub waits longer than the table says.
        if (evaluation !== stacks.personalDev)
          expect(lambda.inputs.timeout, key).toBe(table[key]!.timeout ?? defaults.timeout);
      }
    }
  });

  it("builds every Lambda the same way: Node 24 on arm64, minified split ESM with source maps Node applies", () => {
    for (const [key, { lambda, build }] of routeLambdas(stacks.productionBare)) {
      expect(lambda.inputs.runtime, key).toBe("nodejs24.x");
      expect(lambda.inputs.architectures, key).toEqual(["arm64"]);
      expect(build.properties, key).toMatchObject({ format: "esm", minify: true, splitting: true, sourcemap: true });
      expect(lambda.inputs.environment.variables.NODE_OPTIONS, key).toBe("--enable-source-maps");
    }
  });

  it("installs sharp in the sticker completion's Lambda at exactly the version the workspace tests, and nothing elsewhere", () => {
    const functionsPackage = JSON.parse(readFileSync(`${root}packages/functions/package.json`, "utf8")) as {
      dependencies: Record<string, string>;
    };
    const tested = installedVersion("sharp", `${root}packages/core/src/sticker/image.ts`);
    expect(functionsPackage.dependencies.sharp).toBe(tested);
    const installing = [...routeLambdas(stacks.productionBare)].filter(([, { build }]) => build.properties.install);
    expect(installing.map(([key, { build }]) => [key, build.properties.install])).toEqual([
      ["POST /v1/stickers/{id}/complete", { sharp: tested }],
    ]);
  });
});

describe("infra/api.ts: least privilege", () => {
  it("links the database, the cache and the storage names to every route, the signing key only where tokens are checked or signed, the identity settings only where identity tokens are verified", () => {
    for (const [key, { links }] of routeLambdas(stacks.productionBare)) {
      const spec = table[key]!;
      const tokens = spec.auth !== "none" || spec.signsTokens === true;
      expect(links, key).toEqual(
        [
          "Cache",
          "Database",
          "Storage",
          ...(tokens ? ["JwtSecret"] : []),
          ...(spec.identityTokens ? ["Identity"] : []),
        ].sort(),
      );
    }
    expect(routeLambdas(stacks.productionBare).get("GET /v1/app/config")!.links).not.toContain("JwtSecret");
    expect(routeLambdas(stacks.productionBare).get("POST /v1/auth/signup")!.links).toContain("JwtSecret");
  });

  it("grants each route exactly the bucket rights its table entry declares, on those prefixes only", () => {
    for (const [key, { statements }] of routeLambdas(stacks.productionBare)) {
      expect(statements, key).toEqual(expectedStatements(table[key]!));
    }
  });

  it("scopes the sticker routes to the prefixes they touch, and grants nothing to routes that only hand out URLs", () => {
    const lambdas = routeLambdas(stacks.productionBare);
    const rights = (key: string) =>
      lambdas.get(key)!.statements.map((statement) => `${statement.Action.join()} ${statement.Resource.join()}`);
    expect(rights("POST /v1/stickers/uploads")).toEqual([`s3:PutObject ${bucketArn}/pending/*`]);
    expect(rights("POST /v1/stickers/{id}/complete")).toEqual([
      `s3:ListBucket ${bucketArn}`,
      `s3:GetObject ${bucketArn}/pending/*`,
      `s3:PutObject ${bucketArn}/stickers/*`,
      `s3:DeleteObject ${bucketArn}/pending/*,${bucketArn}/stickers/*`,
    ]);
    for (const key of ["GET /v1/stickers", "GET /v1/me", "GET /v1/me/rooms", "GET /v1/friends"]) {
      expect(rights(key), key).toEqual([]);
    }
    // Nothing anywhere reaches the whole bucket or hidden objects.
    for (const [key, { statements }] of lambdas) {
      for (const resource of statements.flatMap((statement) => statement.Resource)) {
        expect(resource, key).not.toMatch(/contentbucket\/\*$|\/hidden\//);
      }
    }
  });

  it("follows a route added to the table: its own Lambda, settings, rights and cap, with nothing written in infra", () => {
    const [key, spec] = Object.entries(addedRoute)[0]!;
    const added: LambdaView = routeLambdas(stacks.staging).get(key)!;
    expect(added.build.handler).toBe(`packages/functions/src/${spec.handler}.handler`);
    expect(added.lambda.inputs).toMatchObject({ memorySize: 768, timeout: 7, reservedConcurrentExecutions: 3 });
    expect(withoutDevBridge(added.statements)).toEqual(expectedStatements(spec as Pick<RouteSpec, "storage">));
    expect(added.links).toContain("JwtSecret");
  });
});

describe("infra/api.ts: limits at the edge", () => {
  it("throttles every route of the API stage, per stage", () => {
    const limits = (evaluation: Evaluation) =>
      one(evaluation, "aws:apigatewayv2/stage:Stage").inputs.defaultRouteSettings;
    expect(limits(stacks.productionBare)).toEqual({ throttlingRateLimit: 500, throttlingBurstLimit: 1000 });
    expect(limits(stacks.staging)).toEqual({ throttlingRateLimit: 500, throttlingBurstLimit: 1000 });
    expect(limits(stacks.personalDev)).toEqual({ throttlingRateLimit: 50, throttlingBurstLimit: 100 });
  });

  it("caps the routes that would crowd the database with the table's reserved concurrency, on staging and production only", () => {
    const capped = Object.entries(table).filter(([, spec]) => spec.concurrency);
    expect(capped.map(([key]) => key)).toEqual(
      expect.arrayContaining([
        "POST /v1/auth/signup",
        "POST /v1/items/{id}/purchase",
        "POST /v1/focus/sessions/{id}/finish",
      ]),
    );
    for (const [key, { lambda }] of routeLambdas(stacks.productionBare)) {
      expect(lambda.inputs.reservedConcurrentExecutions, key).toBe(table[key]!.concurrency);
    }
    // A Lambda must leave the account 100 unreserved executions; production's caps stay well below a default quota.
    const reserved = capped.reduce((sum, [, spec]) => sum + spec.concurrency!, 0);
    expect(reserved).toBeLessThanOrEqual(200);
    for (const [key, { lambda }] of routeLambdas(stacks.personalDev)) {
      expect(lambda.inputs.reservedConcurrentExecutions, key).toBeUndefined();
    }
  });
});

describe("infra/api.ts: CORS", () => {
  const cors = (evaluation: Evaluation) => one(evaluation, "aws:apigatewayv2/api:Api").inputs.corsConfiguration;

  it("answers no browser origin in production unless GOGH_CORS_ORIGINS names some", () => {
    expect(cors(stacks.productionBare) ?? {}).toEqual({});
    expect(cors(stacks.productionFull)).toMatchObject({
      allowOrigins: ["https://app.gogh.example", "https://docs.gogh.example"],
    });
    expect(cors(stacks.staging)).toMatchObject({ allowOrigins: ["*"] });
  });

  it("allows every request header of the client contract and exposes the response headers clients act on", () => {
    const contract = JSON.parse(readFileSync(`${root}openapi.json`, "utf8")) as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    const requestHeaders = Object.values(contract.paths)
      .flatMap((operations) => Object.values(operations))
      .flatMap((operation) => operation.parameters ?? [])
      .filter((parameter) => parameter.in === "header")
      .map((parameter) => parameter.name.toLowerCase());
    expect(requestHeaders).toEqual(expect.arrayContaining(["if-match", "x-client-version", "x-client-platform"]));
    const config = cors(stacks.productionFull);
    expect(config.allowHeaders).toEqual(expect.arrayContaining(["authorization", "content-type", ...requestHeaders]));
    expect(config.exposeHeaders).toEqual(expect.arrayContaining(["etag", "retry-after", "x-request-id"]));
  });
});

describe("sst.config.ts", () => {
  it("returns the API, console and CDN addresses, and the alarm topic in production", () => {
    expect(Object.keys(stacks.productionBare.outputs).sort()).toEqual(["_protect", "admin", "alarms", "api", "cdn"]);
    expect(Object.keys(stacks.staging.outputs).sort()).toEqual(["_protect", "admin", "api", "cdn"]);
    expect(stacks.productionBare.outputs._protect).toBe(true);
    expect(stacks.staging.outputs._protect).toBe(false);
    expect(existsSync(`${root}sst-env.d.ts`)).toBe(true);
  });

  it("protects production and keeps its data when the stage is removed; other stages clean up", async () => {
    expect(await appSettings("production")).toMatchObject({ protect: true, removal: "retain" });
    expect(await appSettings("staging")).toMatchObject({ protect: false, removal: "remove" });
    expect(await appSettings("alice")).toMatchObject({ protect: false, removal: "remove" });
  });
});
