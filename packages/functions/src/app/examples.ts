import type { Examples } from "../example";
import type { appRoutes } from "./routes";

export const appExamples: Examples<keyof typeof appRoutes> = {
  "GET /v1/app/config": {
    valid: () => ({}),
    cost: { queries: 0, cacheOps: 0 },
  },
};
