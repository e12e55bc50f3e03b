// The hand-written references: for a few representative routes, the Lambda a person could write
// by hand for the same requests (./reference), bundled like the routes, so that a route's cold
// start is judged against what the same work costs without the framework.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RouteName } from "@gogh/functions/routes";
import { type Bundle, bundleOne } from "./bundle";

export const referenceRoutes = [
  "GET /v1/me",
  "GET /v1/friends",
  "POST /v1/items/{id}/purchase",
] as const satisfies readonly RouteName[];
export type ReferenceRoute = (typeof referenceRoutes)[number];

const entries: Record<ReferenceRoute, string> = {
  "GET /v1/me": "get-me.ts",
  "GET /v1/friends": "list-friends.ts",
  "POST /v1/items/{id}/purchase": "purchase.ts",
};

export const referenceName = (route: RouteName) => `${route} (by hand)`;

export function isReferenceRoute(route: RouteName): route is ReferenceRoute {
  return (referenceRoutes as readonly RouteName[]).includes(route);
}

/** Each reference's bundle, named `referenceName(route)`, with `route` set to the route it answers. */
export async function bundleReferences(outDir: string): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  for (const route of referenceRoutes) {
    const entry = fileURLToPath(new URL(`./reference/${entries[route]}`, import.meta.url));
    const bundle = await bundleOne(
      referenceName(route),
      entry,
      join(outDir, `reference-${entries[route].replace(/\.ts$/, "")}`),
    );
    bundles.push({ ...bundle, route });
  }
  return bundles;
}
