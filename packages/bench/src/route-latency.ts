// Warm latency as the phone feels it, per route: the route's example request, made by a new
// person each time, through the real handler in this process (a warm Lambda: every module
// loaded, others' requests served before), with every call to the database, Momento and S3
// held for its production round trip. Each request is prepared with the delays off and timed
// with them on, one at a time, so a sample is one request's own latency.
import { pathToFileURL } from "node:url";
import * as Cache from "@gogh/core/cache";
import type { ApiHandler } from "@gogh/functions/event";
import { routeEvent } from "@gogh/functions/event";
import type { Caller, ExampleRequest } from "@gogh/functions/example";
import { examples, successStatus } from "@gogh/functions/examples";
import type { RouteName } from "@gogh/functions/routes";
import { call, testAddress } from "@gogh/functions/testing";
import type { ServiceDelays } from "@gogh/local/stack";
import type { Bundle } from "./bundle";
import { captureQueries } from "./load";
import { median, percentile, round } from "./stats";

export interface WarmLatency {
  /** A route, or a hand-written reference of one. */
  name: string;
  route: RouteName;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  /** One request's calls to each service (the median over the samples). */
  roundTrips: RoundTrips;
  /** What one request sent to the database, in order. */
  statements: string[];
}

/** Round trips of one request to each service. */
export interface RoundTrips {
  database: number;
  cache: number;
  storage: number;
}

export interface LatencyRun {
  samples: number;
  delays: ServiceDelays;
  setDelays(delays: ServiceDelays): void;
  /** A new person; `friendId` is someone else's, as in the route tests. */
  newCaller(): Promise<Caller>;
  /** Empties every space's seats, so that joins keep finding room however many samples ran. */
  emptySeats(): Promise<void>;
}

const off: ServiceDelays = { databaseMs: 0, cacheMs: 0, storageMs: 0 };

interface Sample {
  ms: number;
  roundTrips: RoundTrips;
  statements: string[];
}

// Each request from an address of its own, as many people's phones: sign-ups are limited per address.
const prepare = async (route: RouteName, run: LatencyRun) => ({
  ...(await examples[route].valid(await run.newCaller())),
  sourceIp: testAddress(),
});

/** Times `send` over `run.samples` prepared requests, each after someone else's, untimed. */
async function sample(
  name: string,
  route: RouteName,
  run: LatencyRun,
  send: (request: ExampleRequest) => Promise<{ status: number; roundTrips?: RoundTrips; body: string }>,
): Promise<WarmLatency> {
  const samples: Sample[] = [];
  const check = (answer: Awaited<ReturnType<typeof send>>) => {
    if (answer.status !== successStatus(route)) throw new Error(`${name} answered ${answer.status}: ${answer.body}`);
  };
  for (let index = 0; index < run.samples; index++) {
    run.setDelays(off);
    await run.emptySeats();
    const [someoneElse, request] = [await prepare(route, run), await prepare(route, run)];
    // As in the route tests: a Lambda whose memory holds none of this person's data (their setup
    // ran in other Lambdas), warmed by someone else's request just before.
    Cache.resetCache();
    await Cache.lookAtChangesNow();
    check(await send(someoneElse));
    run.setDelays(run.delays);
    let answer: Awaited<ReturnType<typeof send>> | undefined;
    const started = performance.now();
    const statements = await captureQueries(async () => {
      answer = await send(request);
    });
    const ms = performance.now() - started;
    run.setDelays(off);
    check(answer!);
    const roundTrips = answer!.roundTrips ?? { database: statements.length, cache: 0, storage: 0 };
    samples.push({ ms, roundTrips, statements });
  }
  const times = samples.map((entry) => entry.ms);
  const typical = [...samples].sort((a, b) => a.roundTrips.database - b.roundTrips.database)[
    Math.ceil(samples.length / 2) - 1
  ]!;
  return {
    name,
    route,
    samples: samples.length,
    p50Ms: round(median(times)),
    p99Ms: round(percentile(times, 99)),
    roundTrips: {
      database: median(samples.map((entry) => entry.roundTrips.database)),
      cache: median(samples.map((entry) => entry.roundTrips.cache)),
      storage: median(samples.map((entry) => entry.roundTrips.storage)),
    },
    statements: typical.statements,
  };
}

/** Every route with an example, through call() (its log line counts the round trips). */
export async function measureRouteLatency(routes: RouteName[], run: LatencyRun): Promise<WarmLatency[]> {
  const results: WarmLatency[] = [];
  for (const route of routes) {
    results.push(
      await sample(route, route, run, async (request) => {
        const response = await call(route, request);
        return {
          status: response.status,
          body: JSON.stringify(response.body),
          roundTrips: {
            database: response.log.dbQueries,
            cache: response.log.cacheCalls,
            storage: Number(response.log.storageOps ?? 0),
          },
        };
      }),
    );
  }
  return results;
}

/**
 * The hand-written references, warm: each bundle imported into this process once and invoked
 * with the events API Gateway would send for the same example requests. Their database round
 * trips are the statements they sent (they call nothing else).
 */
export async function measureReferenceLatency(references: Bundle[], run: LatencyRun): Promise<WarmLatency[]> {
  const results: WarmLatency[] = [];
  for (const reference of references) {
    const route = reference.route!;
    const { handler } = (await import(pathToFileURL(reference.file).href)) as { handler: ApiHandler };
    results.push(
      await sample(reference.name, route, run, async (request) => {
        const result = await handler(routeEvent(route, request, "gogh-bench"));
        return { status: result.statusCode, body: result.body };
      }),
    );
  }
  return results;
}

export { round };
