import type { Examples } from "../example";
import type { noticeRoutes } from "./routes";

export const noticeExamples: Examples<keyof typeof noticeRoutes> = {
  "GET /v1/notices": {
    valid: () => ({ query: { lang: "en", platform: "ios" } }),
    invalid: () => ({ query: { lang: "fr", platform: "windows" } }),
    cost: { queries: 0, cacheOps: 0 },
  },
};
