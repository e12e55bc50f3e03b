import * as Focus from "@gogh/core/focus/schema";
import { defineRoutes } from "../spec";

export const focusRoutes = defineRoutes({
  "POST /v1/focus/sessions": {
    handler: "focus/start",
    auth: "user",
    summary: "Start a focus session; one runs at a time.",
    body: Focus.StartSession,
    response: Focus.Session,
    status: 201,
    errors: ["session_running"],
    rateLimited: true,
  },
  "GET /v1/focus/sessions/current": {
    handler: "focus/current",
    auth: "user",
    summary: "The caller's running session, for a client that lost track of it; 404 no_running_session when none runs.",
    response: Focus.Session,
    errors: ["no_running_session"],
  },
  "POST /v1/focus/sessions/{id}/finish": {
    handler: "focus/finish",
    auth: "user",
    summary: "Finish the caller's session and earn a coin per focused minute; a retry pays nothing more.",
    path: Focus.SessionPath,
    body: Focus.FinishSession,
    response: Focus.FinishedSession,
    // A finish is two reads, then one transaction of nine round trips (stats, streak, coins, unlocks).
    concurrency: 50,
    errors: ["not_found", "session_abandoned", "session_expired"],
  },
  "POST /v1/focus/sessions/{id}/abandon": {
    handler: "focus/abandon",
    auth: "user",
    summary: "Stop the caller's running session without pay.",
    path: Focus.SessionPath,
    response: Focus.Session,
    errors: ["not_found", "session_finished", "session_expired"],
  },
  "GET /v1/focus/stats": {
    handler: "focus/stats",
    auth: "user",
    summary: "Focused minutes today, this week and this month in the caller's time zone, streaks and tags.",
    query: Focus.StatsQuery,
    response: Focus.Stats,
    errors: ["not_found"],
  },
});
