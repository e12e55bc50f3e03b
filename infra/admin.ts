import { cache } from "./cache";
import { database } from "./database";
import { storage, storagePermissions } from "./storage";
import { logRetention } from "./stage";

/**
 * The admin console: one Lambda rendering HTML, behind its own function URL (HTTPS, so its
 * cookies are Secure with the __Host- prefix). It reaches the database, the cache and the
 * content bucket like the routes do; it signs no tokens, so it is not linked to the JWT secret.
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
  // Moderation moves sticker objects and signs preview links: the routes' rights on the bucket, no more.
  link: [database, cache, storage],
  permissions: storagePermissions,
});
