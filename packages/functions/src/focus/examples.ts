import * as Focus from "@gogh/core/focus";
import { backdateSession } from "@gogh/core/focus/testing";
import type { Caller, Examples } from "../example";
import type { focusRoutes } from "./routes";

/** The caller's running session, started through the use case when there is none. */
async function runningSession(caller: Caller): Promise<string> {
  const running = await Focus.current({ userId: caller.userId });
  if (running) return running.id;
  return (await Focus.start({ userId: caller.userId, session: { mode: "pomodoro", plannedMinutes: 25, tag: "Study" } }))
    .id;
}

export const focusExamples: Examples<keyof typeof focusRoutes> = {
  "POST /v1/focus/sessions": {
    valid: ({ accessToken }) => ({
      token: accessToken,
      body: { mode: "pomodoro", plannedMinutes: 25, tag: "  Ｓｔｕｄｙ " },
    }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { mode: "nap", plannedMinutes: 500 } }),
    // The person's start count, then the
    // session and presence in a transaction: the running slot's unique key refuses a second one.
    cost: { queries: 5, cacheOps: 0 },
  },
  "GET /v1/focus/sessions/current": {
    valid: async (caller) => {
      await runningSession(caller);
      return { token: caller.accessToken };
    },
    cost: { queries: 1, cacheOps: 0 },
  },
  "POST /v1/focus/sessions/{id}/finish": {
    // A session that has run for 25 minutes, so the whole paying path runs.
    valid: async (caller) => {
      const id = await runningSession(caller);
      await backdateSession(id, 25);
      return { token: caller.accessToken, path: { id }, body: { focusedMinutes: 25 } };
    },
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "not-an-id" }, body: { focusedMinutes: -5 } }),
    // The session with the streak and the time zone in one read, then BEGIN, the session's end, presence, day,
    // tag day, streak, the wallet's two and COMMIT; the catalog for unlocks is in memory.
    cost: { queries: 10, cacheOps: 0 },
  },
  "POST /v1/focus/sessions/{id}/abandon": {
    valid: async (caller) => ({ token: caller.accessToken, path: { id: await runningSession(caller) } }),
    invalid: ({ accessToken }) => ({ token: accessToken, path: { id: "not-an-id" } }),
    cost: { queries: 5, cacheOps: 0 },
  },
  "GET /v1/focus/stats": {
    valid: ({ accessToken }) => ({ token: accessToken, query: { range: "week" } }),
    invalid: ({ accessToken }) => ({ token: accessToken, query: { range: "year" } }),
    cost: { queries: 2, cacheOps: 0 },
  },
};
