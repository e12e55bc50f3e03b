import { advanceClock, resetClock } from "@gogh/core/clock";
import { afterEach, describe, expect, it } from "vitest";
import { call, newCaller } from "../testing";

afterEach(() => resetClock());

describe("focus routes", () => {
  it("start, finish and stats make the queries they should; another person's session is a 404", async () => {
    const owner = await newCaller();
    const stranger = await newCaller();
    const started = await call("POST /v1/focus/sessions", {
      token: owner.accessToken,
      body: { mode: "countup", tag: "Study" },
    });
    expect(started.status).toBe(201);
    const again = await call("POST /v1/focus/sessions", { token: owner.accessToken, body: { mode: "countup" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("session_running");

    const path = { id: started.body.id };
    for (const action of ["finish", "abandon"] as const) {
      const response = await call(`POST /v1/focus/sessions/{id}/${action}`, {
        token: stranger.accessToken,
        path,
        body: {},
      });
      expect(response.status).toBe(404);
    }

    // Less than the access token lives, more than the shortest session that pays.
    advanceClock(10 * 60 * 1000);
    const finished = await call("POST /v1/focus/sessions/{id}/finish", {
      token: owner.accessToken,
      path,
      body: { focusedMinutes: 30 },
    });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ status: "finished", focusedMinutes: 10 });
    const retried = await call("POST /v1/focus/sessions/{id}/finish", { token: owner.accessToken, path, body: {} });
    expect(retried.body).toEqual(finished.body);

    const stats = await call("GET /v1/focus/stats", { token: owner.accessToken, query: { range: "day" } });
    expect(stats.status).toBe(200);
    expect(stats.body.totals.day).toEqual({ minutes: 10, sessions: 1 });
    expect(stats.body.tags).toEqual([{ tag: "study", minutes: 10 }]);
    // Start: the person's start count, then BEGIN, the session, presence,
    // COMMIT. Finish: the session with the streak and the time zone, then BEGIN, the session's end,
    // presence, day, tag, streak and the wallet's two, COMMIT; the catalog once, while no cache
    // holds it. A retried finish reads the finished session and answers with it.
    expect([started.log.dbQueries, finished.log.dbQueries, retried.log.dbQueries, stats.log.dbQueries]).toEqual([
      5, 11, 1, 2,
    ]);
  });
});

describe("a client that lost its session", () => {
  it("reads the running session, and finds its id in the 409 of a second start", async () => {
    const caller = await newCaller();
    const none = await call("GET /v1/focus/sessions/current", { token: caller.accessToken });
    expect([none.status, none.body.error.code]).toEqual([404, "no_running_session"]);
    const started = await call("POST /v1/focus/sessions", { token: caller.accessToken, body: { mode: "countup" } });
    const again = await call("POST /v1/focus/sessions", { token: caller.accessToken, body: { mode: "countup" } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "session_running",
      details: [{ path: "sessionId", message: started.body.id }],
      sessionId: started.body.id,
    });
    const current = await call("GET /v1/focus/sessions/current", { token: caller.accessToken });
    expect([current.status, current.body]).toEqual([200, started.body]);
    // It can be finished or abandoned from there, and then none runs.
    await call("POST /v1/focus/sessions/{id}/abandon", { token: caller.accessToken, path: { id: current.body.id } });
    expect((await call("GET /v1/focus/sessions/current", { token: caller.accessToken })).status).toBe(404);
  });
});
