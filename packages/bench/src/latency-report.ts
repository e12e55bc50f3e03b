// The latency table: per route, what a phone waits for under production round trips, each figure
// beside its goal, and where a goal is missed, by how much and what costs it.
import { overRoundTripGoal, roundTripGoalOf } from "@gogh/functions/round-trips";
import type { RouteName } from "@gogh/functions/routes";
import type { FirstRequest } from "./first-request";
import type { Results } from "./results";
import type { WarmLatency } from "./route-latency";
import { round } from "./stats";

/** Warm p50 under the delays, per route. */
export const warmP50GoalMs = 40;
/** Cold start→reply as a multiple of the hand-written reference of the same route. */
export const coldToReferenceGoal = 1.3;

export interface LatencyRow {
  route: RouteName;
  warm: WarmLatency;
  cold?: FirstRequest;
  reference?: { warm?: WarmLatency; cold?: FirstRequest };
  roundTripGoal: number;
  /** Cold start→reply ÷ the reference's, where there is one. */
  coldRatio?: number;
}

export function latencyRows(
  results: Pick<Results, "routeLatency" | "referenceLatency" | "firstRequest">,
): LatencyRow[] {
  const cold = (name: string) => results.firstRequest.find((entry) => entry.name === name);
  return results.routeLatency.map((warm) => {
    const route = warm.route;
    const referenceWarm = results.referenceLatency.find((entry) => entry.route === route);
    const referenceCold = results.firstRequest.find((entry) => entry.route === route && entry.name !== route);
    const routeCold = cold(route);
    return {
      route,
      warm,
      cold: routeCold,
      reference: referenceWarm || referenceCold ? { warm: referenceWarm, cold: referenceCold } : undefined,
      roundTripGoal: roundTripGoalOf(route),
      coldRatio:
        routeCold && referenceCold ? round(routeCold.totalMedianMs / referenceCold.totalMedianMs, 2) : undefined,
    };
  });
}

/** "BEGIN/COMMIT 2, focus_sessions 2, wallets 2": the statements of a request by the table they touch. */
export function statementParts(statements: string[]): string {
  const counts = new Map<string, number>();
  for (const statement of statements) {
    const text = statement.trim();
    const part = /^(BEGIN|COMMIT|ROLLBACK)\b/i.test(text)
      ? "BEGIN/COMMIT"
      : (/\b(?:from|into|update)\s+`?(\w+)`?/i.exec(text)?.[1] ?? "other");
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([part, count]) => `${part} ${count}`)
    .join(", ");
}

const ms = (value: number | undefined) => (value === undefined ? "" : `${value.toFixed(1)} ms`);
const mark = (met: boolean) => (met ? "yes" : "NO");

export function formatLatencyReport(results: Results): string[] {
  const { delays, settings } = results;
  const rows = latencyRows(results);
  const table = rows.map((row) => {
    const { warm, cold } = row;
    const trips = warm.roundTrips;
    return [
      row.route,
      `${ms(warm.p50Ms)} ${mark(warm.p50Ms <= warmP50GoalMs)}`,
      ms(warm.p99Ms),
      `${trips.database} / ≤${row.roundTripGoal} ${mark(trips.database <= row.roundTripGoal)}`,
      String(trips.cache),
      String(trips.storage),
      ms(cold?.totalMedianMs),
      ms(row.reference?.cold?.totalMedianMs),
      row.coldRatio === undefined ? "" : `${row.coldRatio.toFixed(2)}× ${mark(row.coldRatio <= coldToReferenceGoal)}`,
    ];
  });
  const misses = rows.flatMap((row) => missedGoals(row, delays));
  const references = rows.filter((row) => row.reference?.warm);
  return [
    `Latency as the phone feels it: every call held for its round trip from a Lambda in the same region (database ${delays.databaseMs} ms, Momento ${delays.cacheMs} ms, S3 ${delays.storageMs} ms).`,
    `Warm: the route's example request by a new person, in-process (a warm Lambda), one at a time, ${settings.latencySamples} requests; round trips: database / cache / storage calls of one request.`,
    `Cold: fresh node process → import → first request → reply, median of ${settings.firstRequestRuns} (${settings.comparedFirstRequestRuns} for a route beside its reference, and the reference); beside it the hand-written reference of the same route (raw driver, node:crypto JWT, no Kysely/zod/Resource).`,
    `Goals: warm p50 ≤ ${warmP50GoalMs} ms; database round trips ≤ 2 for a read, ≤ 6 for a write (BEGIN and COMMIT counted); cold start→reply ≤ ${coldToReferenceGoal}× the reference.`,
    formatTable(
      [
        "route",
        `warm p50 (≤${warmP50GoalMs})`,
        "p99",
        "db round trips",
        "cache",
        "S3",
        "cold start→reply",
        "by hand",
        `× by hand (≤${coldToReferenceGoal})`,
      ],
      table,
    ),
    "",
    "By hand, warm: " +
      references
        .map(
          (row) =>
            `${row.route} ${ms(row.reference!.warm!.p50Ms)} p50 (${row.reference!.warm!.roundTrips.database} queries)`,
        )
        .join("; "),
    "",
    `Goals missed (${misses.length}):`,
    ...misses.map((miss) => `  ${miss}`),
  ];
}

/** One line per missed goal of a route: by how much, and which part costs it. */
export function missedGoals(row: LatencyRow, delays: Results["delays"]): string[] {
  const lines: string[] = [];
  const { warm, cold, route } = row;
  const trips = warm.roundTrips;
  if (trips.database > row.roundTripGoal) {
    const why = overRoundTripGoal[route];
    lines.push(
      `${route}: ${trips.database} database round trips, ${trips.database - row.roundTripGoal} over ${row.roundTripGoal}: ${statementParts(warm.statements)}${why ? ` (${why})` : ""}`,
    );
  }
  if (warm.p50Ms > warmP50GoalMs) {
    const network =
      trips.database * delays.databaseMs + trips.cache * delays.cacheMs + trips.storage * delays.storageMs;
    lines.push(
      `${route}: warm p50 ${ms(warm.p50Ms)}, ${ms(round(warm.p50Ms - warmP50GoalMs))} over ${warmP50GoalMs} ms: round trips ${ms(network)} (database ${trips.database} × ${delays.databaseMs}, cache ${trips.cache} × ${delays.cacheMs}, S3 ${trips.storage} × ${delays.storageMs}), the Lambda's own work ${ms(round(warm.p50Ms - network))}`,
    );
  }
  const referenceCold = row.reference?.cold;
  if (cold && referenceCold && row.coldRatio! > coldToReferenceGoal) {
    lines.push(
      `${route}: cold start→reply ${ms(cold.totalMedianMs)}, ${row.coldRatio}× the hand-written ${ms(referenceCold.totalMedianMs)} (goal ${coldToReferenceGoal}× = ${ms(round(referenceCold.totalMedianMs * coldToReferenceGoal))}): import ${ms(cold.importMedianMs)} vs ${ms(referenceCold.importMedianMs)} (+${ms(round(cold.importMedianMs - referenceCold.importMedianMs))}), first request ${ms(cold.firstInvokeMedianMs)} vs ${ms(referenceCold.firstInvokeMedianMs)} (+${ms(round(cold.firstInvokeMedianMs - referenceCold.firstInvokeMedianMs))}; round trips ${describeTrips(cold)} vs ${describeTrips(referenceCold)})`,
    );
  }
  return lines;
}

function describeTrips(entry: FirstRequest): string {
  const { database, cache, storage } = entry.roundTrips;
  return `${database} db/${cache} cache/${storage} S3`;
}

function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((size) => "-".repeat(size))), ...rows.map(line)].join("\n");
}
