// Warm focus finishes through the real handler (route() wrapper, use case, driver, simulator):
// each worker has its own person, gets a session that started 25 minutes ago (not timed; the
// server pays only for time that passed on its clock, and more sessions an hour than a person may
// start) and finishes it, claiming 25 minutes, so each finish writes the session, the day, the
// tag, the streak and the wallet in one transaction.
import * as Focus from "@gogh/core/focus";
import { runningSessionSince } from "@gogh/core/focus/testing";
import type { Caller } from "@gogh/functions/example";
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
  let firstError: string | undefined;
  let remaining = finishes;
  const started = performance.now();
  const worker = async (person: Caller) => {
    while (remaining-- > 0) {
      const session = { id: await runningSessionSince(person.userId, 25) };
      const sent = performance.now();
      const response = await call("POST /v1/focus/sessions/{id}/finish", {
        token: person.accessToken,
        path: { id: session.id },
        body: { focusedMinutes: 25 },
      });
      latencies.push(performance.now() - sent);
      queries = Math.max(queries, response.log.dbQueries);
      if (response.status !== 200) {
        errors++;
        firstError ??= `${response.status} ${JSON.stringify(response.body)}`;
        await Focus.abandon({ userId: person.userId, sessionId: session.id }).catch(() => undefined);
      }
    }
  };
  await Promise.all(people.map(worker));
  return { ...summarizeLoad(latencies, errors, (performance.now() - started) / 1000, finishes, firstError), queries };
}
