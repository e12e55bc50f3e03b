// `pnpm bench`: bundle sizes and cold starts of every route's Lambda and of the hand-written
// references; then, with every call to the database, Momento and S3 held for its production
// round trip, each route's cold start→reply, warm p50/p99 and round trips per request beside
// their goals; then (no delays) warm throughput through the local gateway against raw mysql2,
// the cache's operations per request, bursts with Momento throttled or unreachable, focus
// finishes and the economy. Only talks to 127.0.0.1, is bounded in requests and time, and drops
// its own database at the end.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { db } from "@gogh/core/db";
import { seed } from "@gogh/core/seed";
import { logSink } from "@gogh/core/log";
import type { RouteName } from "@gogh/functions/routes";
import type { Caller } from "@gogh/functions/example";
import { examples } from "@gogh/functions/examples";
import { call, newCaller as signUpCaller } from "@gogh/functions/testing";
import type { Pool } from "mysql2";
import { startGateway } from "@gogh/local/gateway";
import { assertReachable, dropDatabase, mysqlTarget, query } from "@gogh/local/mysql";
import { productionDelays } from "@gogh/local/latency";
import { seedUsers } from "@gogh/local/seed";
import { startStack } from "@gogh/local/stack";
import * as Friend from "@gogh/core/friend";
import * as Profile from "@gogh/core/profile";
import { bundleAll } from "./bundle";
import { measureCatalogRead, measurePurchases } from "./economy";
import { measureFocusFinish } from "./focus-finish";
import { type BurstResult, type BurstScenario, measureCacheOpsPerRequest, type Person, runBurst } from "./cache-routes";
import { measureColdImports } from "./cold-start";
import { measureFirstRequests } from "./first-request";
import { acquire, captureQueries, drive, gatewayClient, type LoadOptions, openRawPool, rawRequest } from "./load";
import { benchNames, popularSearch } from "./names";
import { bundleReferences, isReferenceRoute } from "./references";
import { formatReport, machineFacts, writeResults } from "./report";
import type { LoadComparison, Results } from "./results";
import { type LatencyRun, measureReferenceLatency, measureRouteLatency } from "./route-latency";
import { measureCapacityBeside } from "./capacity-beside";
import { round } from "./stats";

const database = "gogh_bench";

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const settings = {
  coldRuns: setting("BENCH_RUNS", 25),
  firstRequestRuns: setting("BENCH_FIRST_REQUEST_RUNS", 5),
  // A ratio to a reference compares two medians a few milliseconds apart: more processes for those.
  comparedFirstRequestRuns: setting("BENCH_COMPARED_FIRST_REQUEST_RUNS", 15),
  latencySamples: setting("BENCH_LATENCY_SAMPLES", 20),
  requests: setting("BENCH_REQUESTS", 2000),
  concurrency: setting("BENCH_CONCURRENCY", 8),
  users: setting("BENCH_USERS", 1000),
  timeCapMs: 20_000,
  warmupRequests: 100,
  burstRequests: setting("BENCH_BURST_REQUESTS", 1000),
  burstPeople: 50,
  burstConcurrency: 20,
  burstLimit: 100,
  capacityPeople: setting("BENCH_CAPACITY_PEOPLE", 1000),
};

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// Undone in reverse order on success, failure or Ctrl-C; once, however many of those happen.
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        progress(`cleanup failed: ${String(error)}`);
      }
    }
  })();
  return cleaning;
}

async function main(): Promise<Results> {
  const startedAt = new Date().toISOString();
  const target = mysqlTarget();
  await assertReachable(target); // before minutes of cold starts, not after
  const outDir = await mkdtemp(join(tmpdir(), "gogh-bench-"));
  cleanups.push(() => rm(outDir, { recursive: true, force: true }));

  progress(`bundling every route and the hand-written references into ${outDir}`);
  const references = await bundleReferences(outDir);
  const bundles = [...(await bundleAll(outDir)), ...references];

  progress(`cold import: ${bundles.length} bundles × ${settings.coldRuns} fresh processes`);
  const coldImport = await measureColdImports(bundles, settings.coldRuns);

  progress(`starting the local stack (database ${database}) and seeding ${settings.users} people`);
  // Registered first so that it also runs when the stack fails half-way (after creating the database).
  cleanups.push(() => dropDatabase(target, database));
  const stack = await startStack({ database, fresh: true });
  cleanups.push(() => stack.close());
  await seed(db());
  const seeded = await seedUsers(benchNames(settings.users));
  const someone = seeded[0]!;
  const lookedUp = await call("GET /v1/me", { token: someone.accessToken });
  if (lookedUp.status !== 200) throw new Error(`GET /v1/me answered ${lookedUp.status} for a seeded person`);
  const newCaller = async (): Promise<Caller> => ({
    ...(await signUpCaller()),
    friendId: lookedUp.body.friendId as string,
  });

  const latencyRun: LatencyRun = {
    samples: settings.latencySamples,
    delays: productionDelays,
    setDelays: (delays) => stack.setDelays(delays),
    newCaller,
    emptySeats: async () => {
      await db().deleteFrom("presence").where("space_id", "is not", null).execute();
    },
  };
  progress(
    `cold start→reply under production round trips: ${bundles.length - 1} bundles × ${settings.firstRequestRuns} fresh processes (${settings.comparedFirstRequestRuns} for the routes beside a reference and the references)`,
  );
  const firstRequestRuns = (route: RouteName) =>
    isReferenceRoute(route) ? settings.comparedFirstRequestRuns : settings.firstRequestRuns;
  const firstRequest = await measureFirstRequests(bundles, firstRequestRuns, stack.env, latencyRun);

  progress(`warm latency under production round trips: every route × ${settings.latencySamples} requests`);
  const routeLatency = await measureRouteLatency(Object.keys(examples) as RouteName[], latencyRun);
  const referenceLatency = await measureReferenceLatency(references, latencyRun);

  progress("Momento operations per cached request");
  const cacheOpsPerRequest = await measureCacheOpsPerRequest(stack.momento, newCaller);
  // The burst's people, with the names their cards must carry.
  const people: Person[] = [];
  for (const tokens of seeded.slice(0, settings.burstPeople)) {
    const { status, body } = await call("GET /v1/me", { token: tokens.accessToken });
    if (status !== 200) throw new Error(`GET /v1/me answered ${status} for a seeded person`);
    people.push({ accessToken: tokens.accessToken, friendId: body.friendId as string, name: body.name as string });
  }

  // One log line per request would flood the table; Lambda writes it to CloudWatch instead.
  const captureRequestLines = logSink.write;
  logSink.write = () => {};
  const gateway = await startGateway({ host: "127.0.0.1", port: 0 });
  cleanups.push(() => gateway.close());
  const client = gatewayClient(settings.concurrency);
  cleanups.push(() => client.close());
  const pool = await openRawPool(target, database, settings.concurrency);
  cleanups.push(() => new Promise((resolve) => pool.end(resolve)));

  const loadOptions: LoadOptions = settings;
  // Fifty seeded people become `someone`'s friends, for the friend list's load.
  for (const friend of seeded.slice(1, 51)) {
    const { friendId } = await Profile.getMe({ userId: friend.userId });
    await Friend.sendRequest({ userId: someone.userId, friendId });
    await Friend.sendRequest({ userId: friend.userId, friendId: lookedUp.body.friendId as string });
  }
  const targets: { name: RouteName; path: string }[] = [
    { name: "GET /v1/me", path: "/v1/me" },
    { name: "GET /v1/friends", path: "/v1/friends?limit=50" },
    { name: "GET /v1/users/search", path: `/v1/users/search?q=${encodeURIComponent(popularSearch)}` },
  ];
  const load: LoadComparison[] = [];
  for (const { name, path } of targets) {
    const url = `${gateway.url}${path}`;
    progress(`warm load: ${name} through the gateway, then raw mysql2`);
    const statements = await captureQueries(async () => {
      const { status, body } = await client.request(url, someone.accessToken);
      if (status !== 200) throw new Error(`${path} answered ${status}: ${body}`);
    });
    if (statements.length === 0) throw new Error(`${path} sent no SQL`);
    // Search is limited per person (a minute's worth is far less than a load run): searches take
    // turns among the seeded people, each of whom stays within the limit.
    let turn = 0;
    const tokenOf = () =>
      name === "GET /v1/users/search" ? seeded[turn++ % seeded.length]!.accessToken : someone.accessToken;
    const gatewayResult = await drive(async () => (await client.request(url, tokenOf())).status === 200, loadOptions);
    const rawResult = await drive(rawRequest(pool, statements), loadOptions);
    load.push({
      name,
      path: decodeURIComponent(path),
      ...(name === "GET /v1/users/search" ? { matches: await countMatches(pool, popularSearch) } : {}),
      statements,
      gateway: gatewayResult,
      raw: rawResult,
      requestsPerSecondRatio: round(gatewayResult.requestsPerSecond / rawResult.requestsPerSecond, 3),
      p50Ratio: round(gatewayResult.p50Ms / rawResult.p50Ms, 2),
    });
  }

  const scenarios: BurstScenario[] = [
    { label: "no limit", limit: null, fault: "none" },
    { label: `${settings.burstLimit} ops/s`, limit: settings.burstLimit, fault: "none" },
    { label: "unavailable", limit: null, fault: "unavailable" },
  ];
  const bursts: BurstResult[] = [];
  for (const scenario of scenarios) {
    progress(`burst: ${settings.burstRequests} friend lookups, Momento ${scenario.label}`);
    bursts.push(
      await runBurst(gateway.url, people, stack.momento, scenario, {
        requests: settings.burstRequests,
        concurrency: settings.burstConcurrency,
      }),
    );
  }

  progress("focus finish: the real handler, one person per worker");
  // call() reads each request's log line again (its query count).
  logSink.write = captureRequestLines;
  const finishers = await Promise.all(Array.from({ length: settings.concurrency }, () => signUpCaller()));
  const focusFinish = await measureFocusFinish(finishers, Math.ceil(settings.requests / 4));
  progress("economy: catalog reads and purchases through the real handlers");
  const catalogRead = await measureCatalogRead(finishers[0]!, settings.requests, settings.concurrency);
  const purchases = await measurePurchases(signUpCaller, Math.ceil(settings.requests / 4), settings.concurrency);

  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineFacts(),
    note: "Measured on this machine's Node; the Lambdas run on nodejs24.x. Times include node's own start-up.",
    settings,
    delays: productionDelays,
    bundles: bundles.map(({ file: _file, ...bundle }) => bundle),
    coldImport,
    firstRequest,
    routeLatency,
    referenceLatency,
    load,
    cacheOpsPerRequest,
    bursts,
    focusFinish,
    catalogRead,
    purchases,
  };
  return results;
}

/** Seeded names the search term matches, counted the way search folds names (search_name holds the folded form). */
async function countMatches(pool: Pool, term: string): Promise<number> {
  const connection = await acquire(pool);
  try {
    const rows = (await query(
      connection,
      `SELECT COUNT(*) AS matches FROM profiles WHERE search_name LIKE ${connection.escape(`%${term}%`)}`,
    )) as { matches: string }[];
    return Number(rows[0]?.matches ?? 0);
  } finally {
    connection.release();
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  const results = await main();
  await cleanUp();
  progress(`capacity: ${settings.capacityPeople} people, 70 s warm-up, 60 s at Momento's limit, 20 s with it down`);
  results.capacity = await measureCapacityBeside({ people: settings.capacityPeople });
  results.finishedAt = new Date().toISOString();
  process.stdout.write(`${formatReport(results)}\n`);
  const written = await writeResults(results);
  progress(`wrote ${written} and latest.json`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await cleanUp();
  process.exit(1);
}
