import { ClientHeaders } from "@gogh/core/app/schema";
import { authenticateHeader, everyResponseHeaders, retryAfterHeader, successHeaders } from "./response-headers";
import { routes } from "./routes";
import { type RouteSpec, splitKey } from "./spec";

/**
 * What browsers may do with the API, derived from the route table and the declared response
 * headers: infra/api.ts configures API Gateway with it, and the local gateway answers preflights
 * with it. Which origins is the stage's choice (infra/stage.ts).
 */
const table: [string, RouteSpec][] = Object.entries(routes);

const requestHeaders = table.flatMap(([, spec]) =>
  Object.keys((spec.headers as { shape?: object } | undefined)?.shape ?? {}),
);

// Cache-Control is one of the response headers every browser shows a script without being told.
const { "cache-control": _safelisted, ...exposed } = everyResponseHeaders;

export const corsRules = {
  allowMethods: [...new Set(table.map(([key]) => splitKey(key).method))],
  // Every request header a route reads (the table's `headers` schemas) and route() reads.
  allowHeaders: [...new Set(["authorization", "content-type", ...Object.keys(ClientHeaders.shape), ...requestHeaders])],
  // Response headers a browser client may read: versions, back-off, replays.
  exposeHeaders: Object.keys({
    ...exposed,
    ...successHeaders,
    ...retryAfterHeader,
    ...authenticateHeader,
  }),
  maxAgeSeconds: 24 * 60 * 60,
};
