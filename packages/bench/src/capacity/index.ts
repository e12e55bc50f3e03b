// `pnpm bench:capacity`: the capacity issue's activity model, driven in real time through the
// local gateway by a crowd of real people (friend lists of 50, a few spaces), each route in a
// Lambda of its own (a worker thread), Momento at its default limit and then down. Prints the
// cost of each route per request, one person's cost a second, how many people fit inside
// Momento's limit, the queries a second at 10,000 people, and whether presence stayed true.
// Talks only to 127.0.0.1, is bounded in time, and drops its database at the end.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { localMomento } from "@gogh/core/cache/testing";
import { db } from "@gogh/core/db";
import { seed } from "@gogh/core/seed";
import { startGateway } from "@gogh/local/gateway";
import { startStack } from "@gogh/local/stack";
import { startLambdas } from "./lambdas";
import { activities } from "./model";
import { type CapacityResults, formatCapacity, summarize } from "./report";
import { type LoadRun, loadRun, type RequestLine, type RunOptions } from "./run";
import { buildWorld } from "./world";

export interface CapacityOptions extends RunOptions {
  people: number;
  database: string;
}

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
  return value;
}

/** The run against the stack this process is linked to (its `SST_RESOURCE_*` variables). */
export async function measureCapacity(options: RunOptions & { people: number }): Promise<CapacityResults> {
  const startedAt = new Date().toISOString();
  let run: LoadRun | undefined;
  const lambdas = startLambdas((line) => {
    const parsed = parseRequestLine(line);
    if (parsed) run?.record(parsed);
  });
  try {
    const world = await buildWorld(options.people, Date.now().toString(36));
    await lambdas.start([...new Set(activities.map((activity) => activity.route))]);
    const gateway = await startGateway({ invoke: lambdas.invoke });
    try {
      run = loadRun(world, gateway.url, localMomento, options);
      return summarize(await run.run(), options.people, startedAt);
    } finally {
      await gateway.close();
    }
  } finally {
    await lambdas.close();
  }
}

/** A stack of its own (fresh database, master data), the run, and the stack gone again. */
export async function runCapacity(options: CapacityOptions): Promise<CapacityResults> {
  const stack = await startStack({ database: options.database, fresh: true });
  try {
    await seed(db());
    return await measureCapacity(options);
  } finally {
    await stack.close({ dropDatabase: true });
  }
}

/** The request line route() writes, or undefined for any other log line. */
export function parseRequestLine(line: string): RequestLine | undefined {
  const entry = JSON.parse(line) as Partial<RequestLine> & { requestId?: string };
  if (typeof entry.requestId !== "string" || typeof entry.route !== "string") return undefined;
  return {
    route: entry.route,
    status: entry.status ?? 0,
    durationMs: entry.durationMs ?? 0,
    dbQueries: entry.dbQueries ?? 0,
    cacheCalls: entry.cacheCalls ?? 0,
    cacheOps: entry.cacheOps ?? 0,
    cacheThrottled: entry.cacheThrottled ?? 0,
    storageOps: entry.storageOps ?? 0,
  };
}

async function main() {
  const results = await runCapacity({
    people: setting("CAPACITY_PEOPLE", 1000),
    // Longer than the longest frequent period (the friend list's 60 s), so that the measured
    // phase is the steady state: every person's list and their friends' cards already loaded.
    warmupSeconds: setting("CAPACITY_WARMUP_SECONDS", 70),
    seconds: setting("CAPACITY_SECONDS", 60),
    momentoDownSeconds: setting("CAPACITY_DOWN_SECONDS", 20),
    checkEverySeconds: 2,
    seed: setting("CAPACITY_SEED", 12),
    database: "gogh_capacity",
  });
  // `pnpm bench` runs this in a process of its own and asks for the results elsewhere.
  const file =
    process.env.CAPACITY_RESULTS_FILE ??
    fileURLToPath(new URL("../../../../bench/results/capacity.json", import.meta.url));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatCapacity(results)}\n\nWritten to ${file}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
