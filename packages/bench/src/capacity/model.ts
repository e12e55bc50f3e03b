// The activity model the capacity issue states: what one person focusing in a space does, and
// how often. Every figure of `pnpm bench:capacity` is this model times what each request costs.
import type { RouteName } from "@gogh/functions/routes";

export interface Activity {
  name: string;
  route: RouteName;
  /** The person does this once every so many seconds. */
  everySeconds: number;
}

export const activities: Activity[] = [
  { name: "heartbeat", route: "POST /v1/spaces/{id}/heartbeat", everySeconds: 30 },
  { name: "friend list", route: "GET /v1/friends", everySeconds: 60 },
  { name: "space members", route: "GET /v1/spaces/{id}/members", everySeconds: 60 },
  { name: "card lookup", route: "GET /v1/users/{friendId}", everySeconds: 300 },
  { name: "app config", route: "GET /v1/app/config", everySeconds: 300 },
  // One 25-minute session started and finished; we also count sitting down and getting up once
  // a session, which the model leaves out, so the figures err on the expensive side.
  { name: "session start", route: "POST /v1/focus/sessions", everySeconds: 1500 },
  { name: "session finish", route: "POST /v1/focus/sessions/{id}/finish", everySeconds: 1500 },
  { name: "join a space", route: "POST /v1/spaces/{id}/join", everySeconds: 1500 },
  { name: "leave a space", route: "POST /v1/spaces/{id}/leave", everySeconds: 1500 },
];

export const friendsPerPerson = 50;
export const peopleGoal = 10_000;
/** Momento's default account limit. */
export const momentoOperationsPerSecond = 100;
export const goals = { momentoOpsPerPersonSecond: 0.01, queriesPerPersonSecond: 0.1 };

export interface RouteCost {
  queries: number;
  cacheCalls: number;
  cacheOps: number;
  storageOps: number;
}

export interface PerPerson {
  requestsPerSecond: number;
  queriesPerSecond: number;
  cacheCallsPerSecond: number;
  /** Momento operations a second, as Momento bills them. */
  cacheOpsPerSecond: number;
}

/** One person's cost a second: each activity's rate times its route's mean cost per request. */
export function perPerson(costs: ReadonlyMap<RouteName, RouteCost>): PerPerson {
  const total: PerPerson = { requestsPerSecond: 0, queriesPerSecond: 0, cacheCallsPerSecond: 0, cacheOpsPerSecond: 0 };
  for (const activity of activities) {
    const cost = costs.get(activity.route);
    if (!cost) throw new Error(`no cost measured for ${activity.route}`);
    const rate = 1 / activity.everySeconds;
    total.requestsPerSecond += rate;
    total.queriesPerSecond += rate * cost.queries;
    total.cacheCallsPerSecond += rate * cost.cacheCalls;
    total.cacheOpsPerSecond += rate * cost.cacheOps;
  }
  return total;
}

export interface Figures {
  perPerson: PerPerson;
  /** How many people the model fits inside Momento's default limit. */
  peopleWithinMomentoLimit: number;
  /** Database queries a second at `peopleGoal` people. */
  queriesPerSecondAtGoal: number;
  meetsGoals: boolean;
}

export function figures(costs: ReadonlyMap<RouteName, RouteCost>): Figures {
  const person = perPerson(costs);
  return {
    perPerson: person,
    peopleWithinMomentoLimit:
      person.cacheOpsPerSecond === 0 ? Infinity : Math.floor(momentoOperationsPerSecond / person.cacheOpsPerSecond),
    queriesPerSecondAtGoal: person.queriesPerSecond * peopleGoal,
    meetsGoals:
      person.cacheOpsPerSecond <= goals.momentoOpsPerPersonSecond &&
      person.queriesPerSecond <= goals.queriesPerPersonSecond,
  };
}
