import * as App from "@gogh/core/app/schema";
import { defineRoutes } from "../spec";

export const appRoutes = defineRoutes({
  "GET /v1/app/config": {
    handler: "app/get-config",
    auth: "none",
    summary:
      "What the client checks at start: maintenance, the minimum version per platform, feature flags and the catalog version. Served during maintenance and to outdated clients.",
    response: App.AppConfig,
    exemptFromAppControl: true,
  },
});
