import { expect, it } from "vitest";
import { measureCapacity } from "./index";
import { figures, type RouteCost } from "./model";

it("runs the activity model through per-route Lambdas: no 5xx, presence always true, Momento up or down", async () => {
  const results = await measureCapacity({
    people: 60,
    warmupSeconds: 3,
    seconds: 8,
    momentoDownSeconds: 4,
    checkEverySeconds: 1,
    seed: 7,
  });
  for (const phase of results.phases) {
    expect(phase.serverErrors, phase.name).toBe(0);
    expect(phase.unexpected, phase.name).toEqual([]);
    expect(phase.wrongPresence, phase.name).toEqual([]);
  }
  const measured = results.phases.find((phase) => phase.name === "Momento at its limit")!;
  expect(measured.presenceChecks).toBeGreaterThan(0);
  expect(measured.momentoThrottled).toBe(0);
  const heartbeat = results.routes.find((row) => row.route === "POST /v1/spaces/{id}/heartbeat")!;
  // A heartbeat is one database write; the occupancy it answers comes from the Lambda's memory,
  // refreshed from Momento at most once per `sharedSeconds`, so most heartbeats call nothing
  // more (the Lambda's look at the invalidation feed, every few seconds, adds a fraction).
  expect(heartbeat.queries).toBeGreaterThanOrEqual(1);
  expect(heartbeat.queries).toBeLessThan(1.5);
  expect(heartbeat.cacheCalls).toBeLessThan(0.5);
}, 180_000);

it("turns per-request costs into one person's cost a second and the people Momento's limit fits", () => {
  const costs = new Map<string, RouteCost>();
  const none = { queries: 0, cacheCalls: 0, cacheOps: 0, storageOps: 0 };
  for (const route of [
    "POST /v1/spaces/{id}/heartbeat",
    "GET /v1/friends",
    "GET /v1/spaces/{id}/members",
    "GET /v1/users/{friendId}",
    "GET /v1/app/config",
    "POST /v1/focus/sessions",
    "POST /v1/focus/sessions/{id}/finish",
    "POST /v1/spaces/{id}/join",
    "POST /v1/spaces/{id}/leave",
  ])
    costs.set(route, none);
  // A heartbeat every 30 s at one query and one Momento operation each.
  costs.set("POST /v1/spaces/{id}/heartbeat", { ...none, queries: 1, cacheOps: 1 });
  const result = figures(costs as never);
  expect(result.perPerson.queriesPerSecond).toBeCloseTo(1 / 30);
  expect(result.peopleWithinMomentoLimit).toBe(3000);
  expect(result.queriesPerSecondAtGoal).toBeCloseTo(10_000 / 30);
  expect(result.meetsGoals).toBe(false);
});
