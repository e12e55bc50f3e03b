import type { Examples } from "../example";
import type { reportRoutes } from "./routes";

export const reportExamples: Examples<keyof typeof reportRoutes> = {
  "POST /v1/reports": {
    valid: ({ accessToken, friendId }) => ({
      token: accessToken,
      body: { target: { type: "user", friendId }, reason: "harassment", note: "Sends me insults in their bio." },
    }),
    invalid: ({ accessToken }) => ({
      token: accessToken,
      body: { target: { type: "planet", id: "x" }, reason: "boring", note: "\u202Ehidden" },
    }),
    // The person's report count (opened: two queries), the target from memory (the Friend ID's
    // owner and card are warm), then BEGIN, the report, the target's count in the queue, COMMIT.
    cost: { queries: 6, cacheOps: 0 },
  },
};
