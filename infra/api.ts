import { routes } from "../packages/functions/src/routes";
import { defaults, type RouteSpec } from "../packages/functions/src/spec";
import { cache } from "./cache";
import { database } from "./database";
import { jwtSecret } from "./secrets";
import { corsOrigins, logRetention, stage } from "./stage";
import { storage, storagePermissions } from "./storage";

/** The HTTP API: one Lambda per entry of the route table, nothing listed by hand. */
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    allowOrigins: corsOrigins,
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type"],
    maxAge: "1 day",
  },
  accessLog: { retention: logRetention },
  ...(stage.domain ? { domain: stage.domain } : {}),
});

// What every route Lambda may use; the route code reaches it only through `Resource`.
const link = [database, cache, jwtSecret, storage];

for (const [key, spec] of Object.entries(routes) as [string, RouteSpec][]) {
  api.route(key, {
    handler: `packages/functions/src/${spec.handler}.handler`,
    memory: `${spec.memory ?? stage.defaultMemory} MB`,
    timeout: `${spec.timeout ?? defaults.timeout} seconds`,
    // The newest Lambda Node runtime: current AWS SDK releases are dropping Node 20.
    runtime: "nodejs24.x",
    architecture: "arm64",
    // Splitting keeps what only a dynamic import() needs (the Momento SDK) out of the cold start.
    // A native package (sharp) is installed for the Lambda's own platform instead of bundled.
    nodejs: { format: "esm", minify: true, splitting: true, ...(spec.install ? { install: spec.install } : {}) },
    logging: { retention: logRetention },
    link,
    // Only the routes that read or write objects get rights on the bucket.
    ...(spec.storage ? { permissions: storagePermissions } : {}),
  });
}
