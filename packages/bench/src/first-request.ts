import { pathToFileURL } from "node:url";
import type { RouteName } from "@gogh/functions/routes";
import type { Bundle } from "./bundle";
import { runProbe } from "./fresh-node";
import { routeEvent } from "@gogh/functions/event";
import { examples, successStatus } from "@gogh/functions/examples";
import type { LatencyRun, RoundTrips } from "./route-latency";
import { median, round } from "./stats";

const noDelays = { databaseMs: 0, cacheMs: 0, storageMs: 0 };

export interface FirstRequest {
  /** The bundle's name: a route, or a hand-written reference of one. */
  name: string;
  route: RouteName;
  runs: number;
  /** Process start to the module evaluated (what Lambda's init phase pays). */
  importMedianMs: number;
  /** The first invocation alone, after the module was evaluated. */
  firstInvokeMedianMs: number;
  firstInvokeMaxMs: number;
  /** Process start to the first response: module evaluation plus the first invocation. */
  totalMedianMs: number;
  /** The first request's calls to each service (the median run's). */
  roundTrips: RoundTrips;
}

interface ProbeResult {
  evaluatedMs: number;
  firstInvokeMs: number;
  status: number;
  /** identityKeys: Apple's or Google's public keys, fetched once per Lambda by the sign-in routes. */
  roundTrips: RoundTrips & { identityKeys: number; other: number };
}

/**
 * Invokes each bundle `runs(route)` times, once per fresh node process, against the local stack (round-robin over the
 * bundles), with a freshly signed-up caller per run and the route's example request (prepared
 * with the delays off): process start, import, first request, under the run's delays.
 */
export async function measureFirstRequests(
  bundles: Bundle[],
  runs: (route: RouteName) => number,
  stackEnv: Record<string, string>,
  latency: LatencyRun,
): Promise<FirstRequest[]> {
  const targets = bundles.filter((bundle): bundle is Bundle & { route: RouteName } => bundle.route !== undefined);
  const samples = new Map<string, ProbeResult[]>(targets.map((bundle) => [bundle.name, []]));
  const mostRuns = Math.max(...targets.map((bundle) => runs(bundle.route)));
  for (let run = 0; run < mostRuns; run++) {
    for (const { name, route, file } of targets.filter((bundle) => run < runs(bundle.route))) {
      latency.setDelays(noDelays);
      const event = routeEvent(route, await examples[route].valid(await latency.newCaller()), "gogh-bench");
      latency.setDelays(latency.delays);
      const result = await runProbe<ProbeResult>("first-request-probe.mjs", [pathToFileURL(file).href], {
        ...stackEnv,
        BENCH_EVENT: JSON.stringify(event),
      });
      latency.setDelays(noDelays);
      if (result.status !== successStatus(route))
        throw new Error(`${name} answered ${result.status} on its first request`);
      if (result.roundTrips.other > 0) throw new Error(`${name} called something other than the stack`);
      samples.get(name)!.push(result);
    }
  }
  return targets.map(({ name, route }) => {
    const results = samples.get(name)!;
    const total = (result: ProbeResult) => result.evaluatedMs + result.firstInvokeMs;
    const byTotal = [...results].sort((a, b) => total(a) - total(b));
    const invokes = results.map((result) => result.firstInvokeMs);
    const { database, cache, storage } = byTotal[Math.ceil(byTotal.length / 2) - 1]!.roundTrips;
    return {
      name,
      route,
      runs: results.length,
      importMedianMs: round(median(results.map((result) => result.evaluatedMs))),
      firstInvokeMedianMs: round(median(invokes)),
      firstInvokeMaxMs: round(Math.max(...invokes)),
      totalMedianMs: round(median(results.map(total))),
      roundTrips: { database, cache, storage },
    };
  });
}
