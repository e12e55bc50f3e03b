import type { Examples } from "../example";
import type { accountRoutes } from "./routes";

export const accountExamples: Examples<keyof typeof accountRoutes> = {
  "POST /v1/auth/signup": {
    valid: () => ({ body: { platform: "ios", deviceLabel: "iPhone" } }),
    invalid: () => ({ body: { platform: "nokia", extra: true } }),
    // The address's sign-up count (one UPDATE: the route test's first call opened it), then the account.
    cost: { queries: 8, cacheOps: 0 },
  },
  "POST /v1/auth/refresh": {
    valid: ({ refreshToken }) => ({ body: { refreshToken } }),
    invalid: () => ({ body: { refreshToken: 42 } }),
    cost: { queries: 6, cacheOps: 0 },
  },
  "POST /v1/auth/signout": {
    valid: ({ accessToken }) => ({ token: accessToken, body: {} }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { allDevices: "yes" } }),
    cost: { queries: 1, cacheOps: 0 },
  },
};
