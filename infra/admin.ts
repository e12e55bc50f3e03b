import { cache } from "./cache";
import { database } from "./database";
import { logRetention } from "./stage";

/**
 * The admin console: one Lambda rendering HTML, behind its own function URL (HTTPS, so its
 * cookies are Secure with the __Host- prefix). It reaches the database and the cache like the
 * routes do; it signs no tokens, so it is not linked to the JWT secret.
 */
export const admin = new sst.aws.Function("Admin", {
  handler: "packages/admin/src/lambda.handler",
  runtime: "nodejs24.x",
  architecture: "arm64",
  memory: "512 MB",
  timeout: "20 seconds",
  url: true,
  nodejs: { format: "esm", minify: true, splitting: true },
  logging: { retention: logRetention },
  link: [database, cache],
});
