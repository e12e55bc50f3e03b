import { cache } from "./cache";
import { database } from "./database";
import { lambdaBuild } from "./lambda";
import { stage } from "./stage";
import { storage, storageRights } from "./storage";

/**
 * The admin console: one Lambda rendering HTML, behind its own function URL (HTTPS, so its
 * cookies are Secure with the __Host- prefix). Not open to the whole internet: its handler is a
 * gate (infra/admin/gate.ts) that answers 403 to any address outside GOGH_ADMIN_ALLOWED_IPS
 * (none by default) before the console sees the request. It reaches the database, the cache and
 * the content bucket like the routes do; it signs no tokens, so it is not linked to the JWT secret.
 */
export const admin = new sst.aws.Function("Admin", {
  handler: "infra/admin/gate.handler",
  ...lambdaBuild(),
  memory: "512 MB",
  timeout: "20 seconds",
  // The console is same-origin HTML with forms: no browser on another origin has any business
  // calling it, so no CORS (the function URL's default is every origin).
  url: { cors: false },
  environment: { ...lambdaBuild().environment, GOGH_ADMIN_ALLOWED_IPS: stage.adminAllowList.join(",") },
  logging: { retention: stage.logRetention },
  link: [database, cache, storage],
  // Moderation moves published stickers to and from `hidden/` and signs preview links of both;
  // deleting an account lists and removes the person's avatar and room versions and uploads.
  permissions: storageRights({
    read: ["stickers/", "hidden/", "avatars/", "rooms/", "pending/"],
    write: ["stickers/", "hidden/"],
    delete: ["stickers/", "hidden/", "avatars/", "rooms/", "pending/"],
  }),
});
