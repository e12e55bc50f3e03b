import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { routes } from "../packages/functions/src/routes";
import type { RouteSpec } from "../packages/functions/src/spec";
import { installedVersion, nearestNodeModules } from "./testing/packages";
import { lambdaOf, routeLambdas } from "./testing/query";
import { stacksFor } from "./testing/scenarios";
import { root } from "./testing/stack";

/**
 * `sst dev`: every function is the live bridge in AWS and runs on this machine, built by the CLI
 * with the packages it leaves out of the bundle (sharp) resolved from the node_modules folder it
 * links beside the bundle: the first one up from the handler file (pkg/runtime/node in sst/sst).
 */
const table = routes as Record<string, RouteSpec>;
const stacks = stacksFor("personalDev", "productionBare");

/** How the stacks.personalDev bundle's `import "<name>"` resolves: from beside the bundle, where node_modules is linked. */
function devResolvedVersion(handler: string, name: string): string | undefined {
  const file = join(root, `${handler.slice(0, handler.lastIndexOf("."))}.ts`);
  const linked = nearestNodeModules(file);
  return linked ? installedVersion(name, join(dirname(linked), "bundle.mjs")) : undefined;
}

describe("sst dev", () => {
  it("starts every route and the console live, each on a handler file that exists", () => {
    expect(stacks.personalDev.errors).toEqual([]);
    const lambdas = routeLambdas(stacks.personalDev);
    expect([...lambdas.keys()].sort()).toEqual(Object.keys(table).sort());
    for (const [key, { lambda, build }] of lambdas) {
      expect(build.dev, key).toBe(true);
      expect(build.handler, key).toBe(`packages/functions/src/${table[key]!.handler}.handler`);
      // The deployed function is SST's bridge to this machine.
      expect(lambda.inputs.handler, key).toBe("bootstrap");
    }
    expect(lambdaOf(stacks.personalDev, "Admin").build.dev).toBe(true);
  });

  it("resolves every package a function installs (sharp) from beside its dev bundle, at the version it deploys with", () => {
    const deployed = routeLambdas(stacks.productionBare);
    const installing = [...routeLambdas(stacks.personalDev)].filter(([, { build }]) => build.properties.install);
    expect(installing.map(([key]) => key)).toEqual(["POST /v1/stickers/{id}/complete"]);
    for (const [key, { build }] of installing) {
      for (const [name, version] of Object.entries(build.properties.install as Record<string, string>)) {
        expect(devResolvedVersion(build.handler, name), `${key}: ${name}`).toBe(version);
        expect(deployed.get(key)!.build.properties.install[name], key).toBe(version);
      }
    }
  });

  it("leaves sharp out of every other function without installing it there, so none takes npm's latest", () => {
    const functions = [...routeLambdas(stacks.productionBare).values(), lambdaOf(stacks.productionBare, "Admin")];
    for (const { build } of functions) {
      const installs = Object.keys(build.properties.install ?? {});
      const external = build.properties.esbuild?.external ?? [];
      for (const name of ["sharp", "pg-native"]) {
        expect(installs.includes(name) || external.includes(name), `${build.handler}: ${name}`).toBe(true);
      }
    }
  });
});
