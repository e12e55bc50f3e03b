import * as Account from "@gogh/core/account";
import * as Profile from "@gogh/core/profile";
import type { Examples } from "../example";
import type { reportRoutes } from "./routes";

/** Someone else to report (the caller's own Friend ID would be 409 `cannot_report_own`). */
async function someoneElse(): Promise<string> {
  const { userId } = await Account.signup({});
  return (await Profile.getMe({ userId })).friendId;
}

export const reportExamples: Examples<keyof typeof reportRoutes> = {
  "POST /v1/reports": {
    valid: async ({ accessToken }) => ({
      token: accessToken,
      body: {
        target: { type: "user", friendId: await someoneElse() },
        reason: "harassment",
        note: "Sends me insults in their bio.",
      },
    }),
    invalid: ({ accessToken }) => ({
      token: accessToken,
      body: { target: { type: "planet", id: "x" }, reason: "boring", note: "\u202Ehidden" },
    }),
    // The person's report count, the target's owner (one query: a new person no Lambda has in
    // memory yet), then BEGIN, the report, the target's count in the queue, COMMIT.
    cost: { queries: 6, cacheOps: 0 },
  },
};
