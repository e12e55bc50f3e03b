import type { RouteName } from "@gogh/functions/routes";
import { percentile, round } from "../stats";
import {
  activities,
  type Figures,
  figures,
  goals,
  momentoOperationsPerSecond,
  peopleGoal,
  type RouteCost,
} from "./model";
import type { Phase, RequestLine } from "./run";

export interface RouteRow extends RouteCost {
  route: RouteName;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  serverErrors: number;
  throttledCalls: number;
}

export interface PhaseSummary {
  name: string;
  seconds: number;
  requests: number;
  serverErrors: number;
  unexpected: Phase["unexpected"];
  rejoins: number;
  presenceChecks: number;
  wrongPresence: Phase["wrongPresence"];
  /** What the local Momento billed and refused during the phase. */
  momentoBilledPerSecond: number;
  momentoThrottled: number;
}

export interface CapacityResults {
  startedAt: string;
  people: number;
  routes: RouteRow[];
  figures: Figures;
  /** The same figure from what the Momento server billed in the measured phase, over the people. */
  measuredMomentoOpsPerPersonSecond: number;
  phases: PhaseSummary[];
}

const mean = (values: number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

export function routeRows(lines: RequestLine[]): RouteRow[] {
  const byRoute = new Map<string, RequestLine[]>();
  for (const line of lines) byRoute.set(line.route, [...(byRoute.get(line.route) ?? []), line]);
  return [...byRoute].map(([route, group]) => ({
    route: route as RouteName,
    requests: group.length,
    queries: round(mean(group.map((line) => line.dbQueries)), 3),
    cacheCalls: round(mean(group.map((line) => line.cacheCalls)), 3),
    cacheOps: round(mean(group.map((line) => line.cacheOps)), 3),
    storageOps: round(mean(group.map((line) => line.storageOps)), 3),
    p50Ms: round(
      percentile(
        group.map((line) => line.durationMs),
        50,
      ),
      1,
    ),
    p99Ms: round(
      percentile(
        group.map((line) => line.durationMs),
        99,
      ),
      1,
    ),
    serverErrors: group.filter((line) => line.status >= 500).length,
    throttledCalls: group.reduce((sum, line) => sum + line.cacheThrottled, 0),
  }));
}

export function summarize(phases: Phase[], people: number, startedAt: string): CapacityResults {
  const measured = phases.find((phase) => phase.name === "Momento at its limit")!;
  const routes = routeRows(measured.lines);
  const costs = new Map(routes.map((row) => [row.route, row]));
  return {
    startedAt,
    people,
    routes,
    figures: figures(costs),
    measuredMomentoOpsPerPersonSecond: round(measured.momento.billedOperations / measured.seconds / people, 6),
    phases: phases.map((phase) => ({
      name: phase.name,
      seconds: phase.seconds,
      requests: phase.lines.length,
      serverErrors: phase.lines.filter((line) => line.status >= 500).length,
      unexpected: phase.unexpected.slice(0, 10),
      rejoins: phase.rejoins,
      presenceChecks: phase.checks.length,
      wrongPresence: phase.wrongPresence,
      momentoBilledPerSecond: round(phase.momento.billedOperations / Math.max(phase.seconds, 1), 2),
      momentoThrottled: phase.momento.throttled,
    })),
  };
}

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function formatCapacity(results: CapacityResults): string {
  const order = new Map(activities.map((activity, index) => [activity.route, index]));
  const routes = [...results.routes].sort((a, b) => (order.get(a.route) ?? 99) - (order.get(b.route) ?? 99));
  const { perPerson } = results.figures;
  return [
    `Capacity run, ${results.people} people with ${50} friends each, ${results.startedAt}`,
    "",
    "Per request, measured phase (Momento at its default limit), each route in a Lambda of its own:",
    table(
      ["route", "requests", "queries", "Momento calls", "Momento ops (billed)", "S3 calls", "p50 ms", "p99 ms", "5xx"],
      routes.map((row) => [
        `\`${row.route}\``,
        row.requests,
        row.queries,
        row.cacheCalls,
        row.cacheOps,
        row.storageOps,
        row.p50Ms,
        row.p99Ms,
        row.serverErrors,
      ]),
    ),
    "",
    "Per person, from the activity model times the costs above:",
    table(
      ["", "per person per second", "goal"],
      [
        ["requests", round(perPerson.requestsPerSecond, 4), ""],
        ["database queries", round(perPerson.queriesPerSecond, 4), `≤ ${goals.queriesPerPersonSecond}`],
        ["Momento operations (billed)", round(perPerson.cacheOpsPerSecond, 5), `≤ ${goals.momentoOpsPerPersonSecond}`],
        ["Momento operations (billed), measured by the server", results.measuredMomentoOpsPerPersonSecond, ""],
      ],
    ),
    "",
    `People at once within ${momentoOperationsPerSecond} Momento operations a second: ${results.figures.peopleWithinMomentoLimit.toLocaleString("en")}`,
    `Database queries a second at ${peopleGoal.toLocaleString("en")} people: ${round(results.figures.queriesPerSecondAtGoal, 1)} (goal ≤ ${goals.queriesPerPersonSecond * peopleGoal})`,
    `Goals met: ${results.figures.meetsGoals ? "yes" : "NO"}`,
    "",
    "Phases:",
    table(
      [
        "phase",
        "seconds",
        "requests",
        "5xx",
        "other unexpected",
        "rejoins",
        "Momento billed/s",
        "throttled",
        "presence checks",
        "wrong",
      ],
      results.phases.map((phase) => [
        phase.name,
        phase.seconds,
        phase.requests,
        phase.serverErrors,
        phase.unexpected.length,
        phase.rejoins,
        phase.momentoBilledPerSecond,
        phase.momentoThrottled,
        phase.presenceChecks,
        phase.wrongPresence.length,
      ]),
    ),
  ].join("\n");
}
