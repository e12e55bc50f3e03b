import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import type { RouteName } from "@gogh/functions/routes";
import { type Bundle, floorName } from "./bundle";
import type { BurstResult, CacheOpsPerRequest } from "./cache-routes";
import type { ColdImport } from "./cold-start";
import type { FirstRequest } from "./first-request";
import type { CatalogReadResult, PurchaseResult } from "./economy";
import type { FocusFinishResult } from "./focus-finish";
import type { LoadResult } from "./load";
import { formatLatencyReport } from "./latency-report";
import type { LoadComparison, Results } from "./results";
import type { WarmLatency } from "./route-latency";

/** Cold import of a route that queries the database, as a multiple of the floor's: the goal. */
export const dbRouteGoal = 1.3;
/** The cache issue's target: a cache-using route's handler ready within 1.6× the floor. */
export const cacheRouteGoal = 1.6;

export function machineFacts(): Results["machine"] {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
}

export async function writeResults(results: Results): Promise<string> {
  const folder = new URL("../../../bench/results/", import.meta.url);
  await mkdir(folder, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const stamped = new URL(`${results.startedAt.replace(/[:.]/g, "-")}.json`, folder);
  await writeFile(stamped, json);
  await writeFile(new URL("latest.json", folder), json);
  return stamped.pathname;
}

export function formatReport(results: Results): string {
  const { machine, settings } = results;
  const cold = new Map(results.coldImport.map((entry) => [entry.name, entry]));
  const first = new Map<string, FirstRequest>(results.firstRequest.map((entry) => [entry.name, entry]));
  const queries = new Map<string, number>(results.routeLatency.map((entry) => [entry.name, entry.roundTrips.database]));
  const cacheOps = new Map<string, number>(results.routeLatency.map((entry) => [entry.name, entry.roundTrips.cache]));

  const coldRows = results.bundles.map(({ name, bytes, lazyBytes, packages }) => {
    const entry = cold.get(name);
    const dbQueries = queries.get(name);
    // A route that calls the cache has the cache issue's target; one that only queries, the database goal.
    const goalRatio = cacheOps.get(name) ? cacheRouteGoal : dbQueries ? dbRouteGoal : undefined;
    const goal = goalRatio && entry ? `${goalRatio}× ${entry.ratioToFloor <= goalRatio ? "yes" : "NO"}` : "";
    return [
      name,
      kb(bytes),
      lazyBytes ? kb(lazyBytes) : "",
      ms(entry?.medianMs),
      ms(entry?.p90Ms),
      entry ? `${entry.ratioToFloor.toFixed(2)}×` : "",
      entry && name !== floorName ? `+${entry.overFloorMs.toFixed(1)} ms` : "",
      goal,
      ms(first.get(name)?.firstInvokeMedianMs),
      ms(first.get(name)?.totalMedianMs),
      dbQueries === undefined ? "" : String(dbQueries),
      cacheOps.get(name) === undefined ? "" : String(cacheOps.get(name)),
      name === floorName
        ? ""
        : packages
            .slice(0, 3)
            .map((entry) => `${entry.name} ${kb(entry.bytes)}`)
            .join(", "),
    ];
  });

  const loadRows = results.load.map((entry) => [
    entry.path,
    `${entry.gateway.requestsPerSecond.toFixed(0)}`,
    ms(entry.gateway.p50Ms),
    ms(entry.gateway.p99Ms),
    `${entry.raw.requestsPerSecond.toFixed(0)}`,
    ms(entry.raw.p50Ms),
    ms(entry.raw.p99Ms),
    `${entry.requestsPerSecondRatio.toFixed(2)}`,
    `${entry.p50Ratio.toFixed(1)}×`,
    `${entry.gateway.requests}/${entry.raw.requests}`,
    `${entry.gateway.errors}/${entry.raw.errors}`,
    String(entry.statements.length),
  ]);

  const meInputs = results.bundles.find((bundle) => bundle.name === "GET /v1/me")?.inputs.slice(0, 5) ?? [];
  return [
    `Gogh bench — ${machine.node} on ${machine.cpus}× ${machine.cpuModel} (${machine.platform}/${machine.arch}); Lambdas deploy on nodejs24.x, so absolute times differ there.`,
    "",
    ...formatLatencyReport(results),
    "",
    `Cold start: bundles built like SST's Node build (esbuild ESM, minified); import = process start → module evaluated, ${settings.coldRuns} fresh node processes each, round-robin.`,
    `First request: fresh process with the local stack's env and its round-trip delays, first handler invocation only (undici load + first queries), median of ${settings.firstRequestRuns} (${settings.comparedFirstRequestRuns} for the routes beside a reference); "start→reply" adds the import.`,
    `"lazy": chunks only a dynamic import() loads (not in "bundle", not in the import time). "queries"/"cache calls": one warm request's round trips.`,
    `Goal: ≤${dbRouteGoal}× the floor for a route that queries the database, ≤${cacheRouteGoal}× for one that calls the cache.`,
    table(
      [
        "route",
        "bundle",
        "lazy",
        "import p50",
        "p90",
        "× floor",
        "over floor",
        "goal ≤",
        "1st invoke",
        "start→reply",
        "queries",
        "cache calls",
        "largest packages in the bundle",
      ],
      coldRows,
    ),
    "",
    `Warm load: in-process gateway on 127.0.0.1 vs a raw mysql2 pool sending the same SQL; concurrency ${settings.concurrency}, ${settings.requests} requests or ${Number(settings.timeCapMs) / 1000} s each, after ${settings.warmupRequests} warm-up.`,
    table(
      [
        "request",
        "gw req/s",
        "gw p50",
        "gw p99",
        "raw req/s",
        "raw p50",
        "raw p99",
        "gw÷raw req/s",
        "p50 gw÷raw",
        "done gw/raw",
        "errors",
        "SQL",
      ],
      loadRows,
    ),
    ...results.load
      .filter((entry) => entry.matches !== undefined)
      .map((entry) => `  ${entry.path}: matches ${entry.matches} of ${settings.users} seeded names.`),
    "",
    "Top 5 inputs of GET /v1/me's bundle (bytes in output):",
    ...meInputs.map((input) => `  ${kb(input.bytes).padStart(9)}  ${input.path}`),
    "",
    ...formatCacheReport(results),
    "",
    ...formatCapacityBeside(results.capacity),
  ].join("\n");
}

function formatCapacityBeside(capacity: Results["capacity"]): string[] {
  if (!capacity) return [];
  const { measured, baseline } = capacity;
  const figure = (value: number, was: number | undefined, digits: number) =>
    `${value.toFixed(digits)}${was === undefined ? "" : ` (committed run: ${was.toFixed(digits)})`}`;
  return [
    "Capacity (bench/results/capacity.json is the committed run it is held against):",
    `  per person a second: ${figure(measured.perPerson.queriesPerSecond, baseline?.perPerson.queriesPerSecond, 4)} queries, ${figure(measured.perPerson.cacheOpsPerSecond, baseline?.perPerson.cacheOpsPerSecond, 5)} Momento ops`,
    `  people within Momento's limit: ${figure(measured.peopleWithinMomentoLimit, baseline?.peopleWithinMomentoLimit, 0)}; queries a second at 10,000 people: ${figure(measured.queriesPerSecondAtGoal, baseline?.queriesPerSecondAtGoal, 0)}`,
    `  5xx: ${capacity.serverErrors}, wrong presence: ${capacity.wrongPresence}; not worse than the committed run: ${capacity.notWorse ? "yes" : "NO"}`,
  ];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number | undefined, digits = 1) => (value === undefined ? "" : `${value.toFixed(digits)} ms`);

function formatCacheReport(results: Results): string[] {
  const { settings } = results;
  const opsRows = results.cacheOpsPerRequest.map((entry) => [
    entry.name,
    entry.state,
    String(entry.status),
    String(entry.cacheOps),
    String(entry.momentoRequests),
    String(entry.billedOperations),
    String(entry.dbQueries),
  ]);

  const burstRows = results.bursts.map((burst) => [
    burst.label,
    `${burst.correct}/${burst.requests}`,
    `${(burst.successRate * 100).toFixed(1)}%`,
    burst.requestsPerSecond.toFixed(0),
    ms(burst.p50Ms),
    ms(burst.p99Ms),
    String(burst.momento.requests),
    String(burst.momento.billedOperations),
    String(burst.momento.throttled),
    String(burst.momento.faulted),
    String(burst.layerCacheOps),
    String(burst.dbQueries),
    String(burst.circuitOpened),
  ]);

  return [
    "Momento operations per request (in-process call(); cache ops = the request's log line, requests/billed = what the local server saw):",
    table(["route", "request", "status", "cache ops", "Momento requests", "billed", "db queries"], opsRows),
    "",
    `Bursts: ${settings.burstRequests} × GET /v1/users/{friendId} through the in-process gateway over ${settings.burstPeople} people, concurrency ${settings.burstConcurrency}, keys warm at the start; correct = 200 with the right card. Momento columns: the local server's meters for the burst.`,
    table(
      [
        "Momento",
        "correct",
        "success",
        "req/s",
        "p50",
        "p99",
        "requests",
        "billed",
        "throttled",
        "faulted",
        "layer ops",
        "db queries",
        "circuit opens",
      ],
      burstRows,
    ),
    ...results.bursts
      .filter((burst) => burst.firstWrong)
      .map((burst) => `  ${burst.label}: first wrong answer ${burst.firstWrong}`),
    "",
    `Focus finish, warm: the real handler in-process (no HTTP), one person per worker, a session that started 25 minutes ago (written untimed) finished; the finish writes session, day, tag, streak and wallet in one transaction.`,
    table(
      ["finishes", "req/s", "p50", "p99", "queries", "errors"],
      [
        [
          String(results.focusFinish.requests),
          String(results.focusFinish.requestsPerSecond),
          `${results.focusFinish.p50Ms} ms`,
          `${results.focusFinish.p99Ms} ms`,
          String(results.focusFinish.queries),
          String(results.focusFinish.errors),
        ],
      ],
    ),
    "",
    `Economy, warm, real handlers in-process: GET /v1/items?kind=furniture (the catalog from the Lambda's memory) and purchases by many people at once (a fresh key each), then 50 concurrent calls with one key.`,
    table(
      ["route", "requests", "req/s", "p50", "p99", "queries", "Momento ops", "errors"],
      [
        [
          "GET /v1/items",
          String(results.catalogRead.requests),
          String(results.catalogRead.requestsPerSecond),
          `${results.catalogRead.p50Ms} ms`,
          `${results.catalogRead.p99Ms} ms`,
          `${results.catalogRead.dbQueries} in all`,
          `${results.catalogRead.cacheOps} in all`,
          String(results.catalogRead.errors),
        ],
        [
          "POST /v1/items/{id}/purchase",
          String(results.purchases.requests),
          String(results.purchases.requestsPerSecond),
          `${results.purchases.p50Ms} ms`,
          `${results.purchases.p99Ms} ms`,
          `${results.purchases.queries} each`,
          "-",
          String(results.purchases.errors),
        ],
      ],
    ),
    `  same key × ${results.purchases.sameKeyCalls} at once: charged ${results.purchases.sameKeyCharges} time(s); every balance equals its ledger: ${results.purchases.ledgerMatchesBalances ? "yes" : "NO"}`,
    "",
  ];
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(width(header), ...rows.map((row) => width(row[column] ?? ""))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + " ".repeat(widths[column]! - width(cell))))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((size) => "-".repeat(size))), ...rows.map(line)].join("\n");
}

/** Terminal columns: CJK and full-width characters take two. */
function width(text: string): number {
  let columns = 0;
  for (const char of text)
    columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
      char,
    )
      ? 2
      : 1;
  return columns;
}
