import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bundle, bundleAll, bundleOne } from "./bundle";
import { routes } from "@gogh/functions/routes";
import type { RouteSpec } from "@gogh/functions/spec";

// Count-based budgets on what each Lambda loads at cold start, built the way SST builds it.
// Today a DB route is 265–292 KB (kysely ~160 KB, zod/mini ~34 KB, every route's
// schemas ~20 KB, app control and the cache adapter, which every route loads); an SDK loaded
// eagerly by accident (S3 client ~300 KB, Momento ~1.5 MB) or every module's use cases would
// break these.
const maxRouteBytes = 300 * 1024;
// Routes of modules that write S3 also carry the AWS SDK's SigV4 signer and presigner (~20 KB), never
// the S3 client; the room and report routes, which reach friends, items, slots, posters and
// stickers, are the largest (~340 KB, with the free-text rules and the database driver's deadlines).
const maxSigningRouteBytes = maxRouteBytes + 44 * 1024;
// Account deletion calls every module's erasure, so it carries every module's use cases (~370 KB):
// the one route that may, and a rare one, whose cold start matters little.
const maxDeletionBytes = 400 * 1024;
const signs = (bundle: Bundle) => bundle.files.some((file) => file.includes("@smithy/signature-v4"));

let outDir: string;
let bundles: Bundle[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "gogh-bundle-test-"));
  bundles = await bundleAll(outDir);
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe("route bundles", () => {
  it("stay within the byte budget", () => {
    for (const bundle of bundles) {
      const budget =
        bundle.name === "DELETE /v1/me" ? maxDeletionBytes : signs(bundle) ? maxSigningRouteBytes : maxRouteBytes;
      expect(bundle.bytes, bundle.name).toBeLessThanOrEqual(budget);
    }
  });

  it("sign S3 requests without the S3 client; routes that only hand out CDN URLs carry no signer", () => {
    for (const bundle of bundles) {
      expect(
        bundle.files.filter((file) => file.includes("@aws-sdk/client-s3")),
        bundle.name,
      ).toEqual([]);
      // Every route that gets rights on the bucket can sign.
      if ((routes as Record<string, RouteSpec>)[bundle.name]?.storage) expect(signs(bundle), bundle.name).toBe(true);
    }
    for (const name of ["GET /v1/me", "GET /v1/users/{friendId}", "GET /v1/friends"]) {
      expect(signs(bundles.find((bundle) => bundle.name === name)!), name).toBe(false);
    }
  });

  it("carry the route table's schemas but no use case of a module the route does not call", async () => {
    const table = await bundleOne(
      "GET /v1/me",
      fileURLToPath(new URL("../../functions/src/routes.ts", import.meta.url)),
      join(outDir, "routes"),
    );
    const useCaseFiles = table.files.filter((file) => /packages\/core\/src\/[^/]+\/(index|repo)\.ts$/.test(file));
    expect(useCaseFiles).toEqual([]);
    const me = bundles.find((bundle) => bundle.name === "GET /v1/me")!;
    // Modules form a graph without cycles: the profile routes load no other module's use cases,
    // and each handler knows only its own module's part of the table, so no other module's schemas.
    const otherModules = /packages\/core\/src\/(account|friend|space|focus|wallet|item|notice)\//;
    expect(me.files.filter((file) => otherModules.test(file))).toEqual([]);
    const otherTableParts = /packages\/functions\/src\/((?!profile\/)[a-z-]+\/|routes\.ts$)/;
    expect(me.files.filter((file) => otherTableParts.test(file))).toEqual([]);
  });

  it("carry no Momento SDK or gRPC, not even in a lazy chunk: the cache speaks Momento's HTTP API", () => {
    for (const bundle of bundles) {
      expect(
        bundle.files.filter((file) => file.includes("@gomomento") || file.includes("@grpc")),
        bundle.name,
      ).toEqual([]);
    }
  });

  it("check access tokens without a JWT library: only what verifies Apple's and Google's tokens loads jose", () => {
    const withJose = bundles.filter((bundle) => bundle.files.some((file) => /(^|\/)jose\//.test(file)));
    expect(withJose.length).toBeGreaterThan(0);
    for (const bundle of withJose) {
      const route = routes[bundle.name as keyof typeof routes] as RouteSpec | undefined;
      expect(route?.handler ?? bundle.name, bundle.name).toMatch(/^identity\/|^account\/delete-me$/);
    }
  });

  it("use zod/mini and never the classic zod API", () => {
    for (const bundle of bundles)
      expect(
        bundle.files.filter((file) => file.includes("zod/v4/classic")),
        bundle.name,
      ).toEqual([]);
  });
});

describe("the admin console's Lambda", () => {
  it("loads no zod locale or classic API, no Momento SDK, and stays within its budget", async () => {
    const admin = await bundleOne(
      "GET /v1/me",
      fileURLToPath(new URL("../../admin/src/lambda.ts", import.meta.url)),
      join(outDir, "admin"),
    );
    // ~470 KB today: every module's use cases (account deletion and reports among them), Hono and
    // its JSX; one Lambda for the whole console.
    expect(admin.bytes).toBeLessThanOrEqual(500 * 1024);
    expect(admin.files.filter((file) => /zod\/v4\/(classic|locales)/.test(file))).toEqual([]);
    expect(admin.files.filter((file) => file.includes("@gomomento") || file.includes("@grpc"))).toEqual([]);
  });
});
