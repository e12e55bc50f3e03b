// The cached routes against the local Momento server: operations per request (the route's own
// count next to what the server received and billed), and bursts through the gateway with
// Momento throttled, unreachable, or unlimited.
import * as Cache from "@gogh/core/cache";
import { logSink } from "@gogh/core/log";
import type { Caller } from "@gogh/functions/example";
import { examples, successStatus } from "@gogh/functions/examples";
import type { RouteName } from "@gogh/functions/routes";
import { call } from "@gogh/functions/testing";
import type { MomentoFault, MomentoServer, MomentoStats } from "@gogh/local/momento/index";
import { gatewayClient, summarizeLoad } from "./load";
import { round } from "./stats";

export interface CacheOpsPerRequest {
  name: RouteName;
  /** "key cold": the first request for that key; "warm": the same request again, once the cache holds it. */
  state: "key cold" | "warm";
  status: number;
  /** From the request's log line: cache operations the layer attempted (what the route's budget counts). */
  cacheOps: number;
  dbQueries: number;
  /** What the local Momento server received during the request, and billed. */
  momentoRequests: number;
  billedOperations: number;
}

async function measured(
  momento: MomentoServer,
  name: RouteName,
  caller: Caller,
  state: CacheOpsPerRequest["state"],
): Promise<CacheOpsPerRequest> {
  momento.resetStats();
  const response = await call(name, await examples[name].valid(caller));
  if (response.status !== successStatus(name))
    throw new Error(`${name} answered ${response.status}: ${JSON.stringify(response.body)}`);
  const stats = momento.stats();
  return {
    name,
    state,
    status: response.status,
    cacheOps: response.log.cacheOps,
    dbQueries: response.log.dbQueries,
    momentoRequests: stats.requests,
    billedOperations: stats.billedOperations,
  };
}

/**
 * GET /v1/users/{friendId} for someone nobody looked up yet, then again (and again: steady
 * state); PATCH /v1/me twice, the second being the steady state. In-process through call().
 */
export async function measureCacheOpsPerRequest(
  momento: MomentoServer,
  newCaller: () => Promise<Caller>,
): Promise<CacheOpsPerRequest[]> {
  Cache.resetCache();
  const viewer = await newCaller();
  const looked = { ...viewer, friendId: (await newCaller()).friendId };
  const lookup: RouteName = "GET /v1/users/{friendId}";
  const cold = await measured(momento, lookup, looked, "key cold");
  await measured(momento, lookup, looked, "warm");
  const warm = await measured(momento, lookup, looked, "warm");
  const update: RouteName = "PATCH /v1/me";
  await measured(momento, update, viewer, "warm");
  const updateWarm = await measured(momento, update, viewer, "warm");
  return [cold, warm, updateWarm];
}

export interface Person {
  accessToken: string;
  friendId: string;
  name: string;
}

export interface BurstScenario {
  label: string;
  /** Operations per second the local Momento allows during the burst; null = no limit. */
  limit: number | null;
  fault: MomentoFault;
}

export interface BurstOptions {
  requests: number;
  concurrency: number;
}

export interface BurstResult extends BurstScenario {
  requests: number;
  /** 200 with the right person's card. */
  correct: number;
  successRate: number;
  firstWrong?: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** The local Momento server's meters for the burst alone. */
  momento: MomentoStats;
  /** Summed over the burst's request log lines: cache operations the layer attempted, and queries. */
  layerCacheOps: number;
  dbQueries: number;
  /** "cache call failed; circuit open" warnings: how often the layer backed off. */
  circuitOpened: number;
}

/**
 * `requests` lookups of `people` (round-robin, so single-flight cannot fold them) through the
 * gateway, `concurrency` at once, viewed by the first person. Each scenario starts from a fresh
 * cache layer (closed circuit) and warm keys; the limit and fault apply to the burst only.
 */
export async function runBurst(
  gatewayUrl: string,
  people: Person[],
  momento: MomentoServer,
  scenario: BurstScenario,
  options: BurstOptions,
): Promise<BurstResult> {
  const client = gatewayClient(options.concurrency);
  const token = people[0]!.accessToken;
  const lookup = (person: Person) => client.request(`${gatewayUrl}/v1/users/${person.friendId}`, token);
  const sink = logSink.write;
  try {
    Cache.resetCache();
    momento.setLimit(Infinity);
    momento.setFault("none");
    for (const person of people) {
      const { status, body } = await lookup(person);
      if (status !== 200) throw new Error(`warming ${person.friendId}: ${status} ${body}`);
    }

    let layerCacheOps = 0;
    let dbQueries = 0;
    let circuitOpened = 0;
    logSink.write = (line) => {
      const entry = JSON.parse(line) as { requestId?: string; cacheOps?: number; dbQueries?: number; message?: string };
      if (entry.message === "cache call failed; circuit open") circuitOpened++;
      if (typeof entry.requestId === "string" && typeof entry.cacheOps === "number") {
        layerCacheOps += entry.cacheOps;
        dbQueries += entry.dbQueries ?? 0;
      }
    };
    momento.resetStats();
    momento.setLimit(scenario.limit ?? Infinity);
    momento.setFault(scenario.fault);

    const latencies: number[] = [];
    let sent = 0;
    let correct = 0;
    let firstWrong: string | undefined;
    const start = performance.now();
    const worker = async () => {
      while (sent < options.requests) {
        const person = people[sent++ % people.length]!;
        const began = performance.now();
        const { status, body } = await lookup(person).catch((error: unknown) => ({ status: 0, body: String(error) }));
        latencies.push(performance.now() - began);
        let name: unknown;
        try {
          name = (JSON.parse(body) as { name?: unknown }).name;
        } catch {
          name = undefined;
        }
        if (status === 200 && name === person.name) correct++;
        else firstWrong ??= `${status} ${person.friendId}: ${body.slice(0, 200)}`;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - start) / 1000;
    const stats = momento.stats();
    const load = summarizeLoad(latencies, latencies.length - correct, seconds, options.requests);
    return {
      ...scenario,
      requests: load.requests,
      correct,
      successRate: round(correct / options.requests, 4),
      ...(firstWrong ? { firstWrong } : {}),
      requestsPerSecond: load.requestsPerSecond,
      p50Ms: load.p50Ms,
      p99Ms: load.p99Ms,
      seconds: load.seconds,
      momento: stats,
      layerCacheOps,
      dbQueries,
      circuitOpened,
    };
  } finally {
    logSink.write = sink;
    momento.setLimit(Infinity);
    momento.setFault("none");
    Cache.resetCache();
    client.close();
  }
}
