// Warm focus finishes through the real handler (route() wrapper, use case, driver, simulator):
// each worker has its own person, starts a session (not timed), lets five minutes pass on the
// server's clock, and times the finish, which writes the session, day, tag, streak and wallet.
import { signAccessToken } from "@gogh/core/auth";
import { advanceClock, resetClock } from "@gogh/core/clock";
import * as Focus from "@gogh/core/focus";
import { newId } from "@gogh/core/id";
import type { Caller } from "@gogh/functions/examples";
import { call } from "@gogh/functions/testing";
import { type LoadResult, summarizeLoad } from "./load";

export interface FocusFinishResult extends LoadResult {
  /** Database queries of one finish, from its request log line. */
  queries: number;
}

export async function measureFocusFinish(people: Caller[], finishes: number): Promise<FocusFinishResult> {
  const latencies: number[] = [];
  let errors = 0;
  let queries = 0;
  let remaining = finishes;
  const started = performance.now();
  const worker = async (person: Caller) => {
    while (remaining-- > 0) {
      const session = await Focus.start({
        userId: person.userId,
        session: { mode: "pomodoro", plannedMinutes: 25, tag: "bench" },
      });
      advanceClock(5 * 60 * 1000);
      // Signed after the clock moved, so that the 15-minute token is valid at the new "now".
      const token = await signAccessToken({ userId: person.userId, sessionId: newId() });
      const sent = performance.now();
      const response = await call("POST /v1/focus/sessions/{id}/finish", {
        token,
        path: { id: session.id },
        body: {},
      });
      latencies.push(performance.now() - sent);
      queries = Math.max(queries, response.log.dbQueries);
      if (response.status !== 200) errors++;
    }
  };
  try {
    await Promise.all(people.map(worker));
  } finally {
    resetClock();
  }
  return { ...summarizeLoad(latencies, errors, (performance.now() - started) / 1000, finishes), queries };
}
