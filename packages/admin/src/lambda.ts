// The console's one Lambda, behind its own function URL (infra/admin.ts).
import { getConnInfo, handle } from "hono/aws-lambda";
import { createAdminApp } from "./app";

export const handler = handle(
  createAdminApp({
    clientIp: (c) => getConnInfo(c).remote.address ?? "unknown",
    secureCookies: true,
  }),
);
