// `pnpm bench:search`: name search as the population grows (10k, 100k, 1M people by default)
// with the common-name distribution, stored as the app stores names: per kind of query, p50/p99
// through the local gateway and the rows MariaDB read per row returned, beside a `LIKE '%q%'`
// scan; then the other growing lists, their rows read per page as their tables grow 100×.
// Talks only to 127.0.0.1, is bounded in requests and time, and drops its database at the end.
import { sql } from "kysely";
import { db } from "@gogh/core/db";
import { logSink } from "@gogh/core/log";
import { foldForSearch, populationNames } from "@gogh/core/profile/testing";
import { seed } from "@gogh/core/seed";
import { signUp } from "@gogh/functions/testing";
import { startGateway } from "@gogh/local/gateway";
import { assertReachable, connectMysql, dropDatabase, mysqlTarget, query } from "@gogh/local/mysql";
import { type Stack, startStack } from "@gogh/local/stack";
import { gatewayClient, type LoadOptions, openRawPool } from "../load";
import { machineFacts } from "../report";
import { type Crowd, createCrowd } from "./crowd";
import { crowdPerListSize, measureLists } from "./lists";
import { formatSearchResults, type SearchResults, writeSearchResults } from "./report";
import { driveInterleaved, measureBaseline, prepareSearchKind, type SearchKind, searchMeasure } from "./search-run";

export interface SearchBenchOptions {
  sizes: number[];
  listSizes: number[];
  requests: number;
  baselineRequests: number;
  concurrency: number;
  secondsPerKind: number;
  seed: number;
  log?: (message: string) => void;
}

const pageSize = 20;
/** People who take turns searching, so that none reaches the per-person limit of 60 searches a minute. */
const searchers = 200;

/**
 * The queries of the issue, at one size: the same common names, a default name and a rare name
 * held by one person in the whole population (both among the first people, so that every size has
 * them), no match at all, no match of common parts, and later pages of the commonest name.
 */
function searchKinds(defaultName: string, rareName: string): SearchKind[] {
  return [
    { kind: "common", q: "さくら", page: 1 },
    { kind: "one character", q: "さ", page: 1 },
    { kind: "common two characters", q: "ゆう", page: 1 },
    { kind: "partial matches only", q: "くら", page: 1 },
    { kind: "Latin prefix", q: "yuk", page: 1 },
    { kind: "default name", q: defaultName, page: 1 },
    { kind: "rare name", q: rareName, page: 1 },
    // x and q are in no generated name, o in no Friend ID, so no one holds "xqo".
    { kind: "no match", q: "xqo", page: 1 },
    { kind: "no match, common parts", q: "さくらゆうき", page: 1 },
    { kind: "common, page 2", q: "さくら", page: 2 },
    { kind: "common, page 50", q: "さくら", page: 50 },
  ];
}

/** Among the first `within` people: a Guest, and a kana name of four or more characters no one else holds. */
function pickNames(crowd: Crowd, finalSize: number, seedValue: number, within: number) {
  const counts = new Map<string, number>();
  for (const name of populationNames(finalSize, seedValue)) {
    if (name === null) continue;
    const folded = foldForSearch(name);
    counts.set(folded, (counts.get(folded) ?? 0) + 1);
  }
  let defaultName: string | undefined;
  let rareName: string | undefined;
  for (let index = 0; index < within && (!defaultName || !rareName); index++) {
    const { name, searchName } = crowd.person(index);
    if (!defaultName && name.startsWith("Guest ")) defaultName = name;
    if (!rareName && counts.get(searchName) === 1 && /^[\u3041-\u3096\u30a1-\u30f6]{4,}$/.test(name)) rareName = name;
  }
  if (!defaultName || !rareName) throw new Error("no default name or rare name among the first people");
  return { defaultName, rareName };
}

/** The run against the stack this process is linked to (its `SST_RESOURCE_*` variables). */
export async function measureSearchGrowth(options: SearchBenchOptions): Promise<SearchResults> {
  const log = options.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const target = mysqlTarget();
  const database = (await sql<{ name: string }>`SELECT DATABASE() AS name`.execute(db())).rows[0]!.name;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  try {
    const connection = await connectMysql(target, { database });
    cleanups.push(() => connection.end());
    const pool = await openRawPool(target, database, options.concurrency);
    cleanups.push(() => new Promise((resolve) => pool.end(resolve)));
    // Searchers enough that none reaches the per-person search limit (README, "Limits").
    const viewers = await Promise.all(Array.from({ length: searchers }, () => signUp()));
    let turn = 0;
    const nextToken = () => viewers[turn++ % viewers.length]!.accessToken;
    // From here on, one log line per request is CloudWatch's business, not this process's.
    const writeLine = logSink.write;
    logSink.write = () => {};
    cleanups.push(() => (logSink.write = writeLine));
    const gateway = await startGateway({ host: "127.0.0.1", port: 0 });
    cleanups.push(() => gateway.close());
    const client = gatewayClient(options.concurrency);
    cleanups.push(() => client.close());

    const finalSize = Math.max(...options.sizes, crowdPerListSize * options.listSizes.length);
    const crowd = createCrowd(connection, finalSize, options.seed);
    const load: LoadOptions = {
      requests: options.requests,
      concurrency: options.concurrency,
      timeCapMs: options.secondsPerKind * 1000,
      warmupRequests: Math.ceil(options.requests / 10),
    };
    const baselineLoad: LoadOptions = {
      requests: options.baselineRequests,
      concurrency: options.concurrency,
      timeCapMs: options.secondsPerKind * 1000,
      warmupRequests: options.concurrency,
    };
    const results: SearchResults = {
      startedAt,
      finishedAt: "",
      machine: machineFacts(),
      settings: {
        ...options,
        log: undefined,
        pageSize,
        through: "the local gateway (route() wrapper, Kysely, PlanetScale driver, simulator)",
      },
      sizes: [],
      lists: [],
    };
    let names: { defaultName: string; rareName: string } | undefined;
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      log(`seeding ${size} people`);
      const seeding = performance.now();
      await crowd.growTo(size);
      await query(connection, "ANALYZE TABLE profiles, profile_search_suffixes");
      const seedSeconds = Math.round((performance.now() - seeding) / 100) / 10;
      names ??= pickNames(crowd, finalSize, options.seed, Math.min(size, 10_000));
      const suffixRows = (
        (await query(connection, "SELECT COUNT(*) AS count FROM profile_search_suffixes")) as { count: string }[]
      )[0]!.count;
      const run = {
        gatewayUrl: gateway.url,
        client,
        token: nextToken,
        connection,
        pool,
        load,
        baselineLoad,
        pageSize,
      };
      const prepared = [];
      for (const kind of searchKinds(names.defaultName, names.rareName)) {
        log(`${size} people: ${kind.kind} (${kind.q}, page ${kind.page}): rows read`);
        prepared.push(await prepareSearchKind(run, kind));
      }
      log(`${size} people: every kind through the gateway, interleaved`);
      const loads = await driveInterleaved(run, prepared);
      const kinds = [];
      for (const [index, kind] of prepared.entries()) {
        log(`${size} people: ${kind.kind.kind}: the LIKE scan`);
        kinds.push(searchMeasure(kind, loads[index]!, await measureBaseline(run, kind)));
      }
      results.sizes.push({ people: size, seedSeconds, suffixRows: Number(suffixRows), kinds });
    }

    await crowd.growTo(finalSize);
    for (const [index, tableRows] of options.listSizes.entries()) {
      log(`lists at ${tableRows} rows a table`);
      results.lists.push({ tableRows, lists: await measureLists(connection, crowd, index, tableRows) });
    }
    results.finishedAt = new Date().toISOString();
    return results;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup failed: ${String(error)}`);
      }
    }
  }
}

/** A stack of its own (fresh database, master data), the run, and the database dropped again. */
export async function runSearchBench(options: SearchBenchOptions & { database: string }): Promise<SearchResults> {
  const target = mysqlTarget();
  await assertReachable(target);
  let stack: Stack | undefined;
  try {
    stack = await startStack({ database: options.database, fresh: true });
    await seed(db());
    return await measureSearchGrowth(options);
  } finally {
    if (stack) await stack.close({ dropDatabase: true });
    else await dropDatabase(target, options.database);
  }
}

function numbers(name: string, fallback: string): number[] {
  const values = (process.env[name] ?? fallback).split(",").map((value) => Number(value.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 1))
    throw new Error(`${name}: positive integers, comma-separated`);
  return values;
}

async function main(): Promise<void> {
  const progress = (message: string) => process.stderr.write(`[bench:search] ${message}\n`);
  const [requests, baselineRequests, concurrency, secondsPerKind, minutes] = [
    numbers("SEARCH_REQUESTS", "300")[0]!,
    numbers("SEARCH_BASELINE_REQUESTS", "24")[0]!,
    numbers("SEARCH_CONCURRENCY", "8")[0]!,
    numbers("SEARCH_SECONDS", "10")[0]!,
    numbers("SEARCH_TIME_LIMIT_MINUTES", "90")[0]!,
  ];
  const database = "gogh_bench_search";
  // Bounded in time: past the limit the database is dropped and the run ends.
  const watchdog = setTimeout(() => {
    progress(`over ${minutes} minutes: stopping`);
    void dropDatabase(mysqlTarget(), database).finally(() => process.exit(2));
  }, minutes * 60_000);
  const results = await runSearchBench({
    database,
    sizes: numbers("SEARCH_SIZES", "10000,100000,1000000"),
    listSizes: numbers("SEARCH_LIST_SIZES", "10000,1000000"),
    requests,
    baselineRequests,
    concurrency,
    secondsPerKind,
    seed: 19,
    log: progress,
  });
  clearTimeout(watchdog);
  const file = await writeSearchResults(results);
  process.stdout.write(`${formatSearchResults(results)}\nWritten to ${file}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void dropDatabase(mysqlTarget(), "gogh_bench_search").finally(() => process.exit(130)));
  }
  await main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `bench:search failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
