import { pathToFileURL } from "node:url";
import type { RouteName } from "@gogh/functions/routes";
import type { Bundle } from "./bundle";
import { runProbe } from "./fresh-node";
import { routeEvent } from "@gogh/functions/event";
import type { Caller } from "@gogh/functions/example";
import { examples, successStatus } from "@gogh/functions/examples";
import { median, round } from "./stats";

export interface FirstRequest {
  name: RouteName;
  runs: number;
  /** The first invocation alone, after the module was evaluated. */
  firstInvokeMedianMs: number;
  firstInvokeMaxMs: number;
  /** Process start to the first response: module evaluation plus the first invocation. */
  totalMedianMs: number;
}

interface ProbeResult {
  evaluatedMs: number;
  firstInvokeMs: number;
  status: number;
}

/**
 * Invokes each route's bundle once per fresh node process against the local stack (round-robin
 * over routes), with a freshly signed-up caller per run.
 */
export async function measureFirstRequests(
  bundles: Bundle[],
  runs: number,
  stackEnv: Record<string, string>,
  newCaller: () => Promise<Caller>,
): Promise<FirstRequest[]> {
  const routeBundles = bundles.filter((bundle): bundle is Bundle & { name: RouteName } => bundle.name in examples);
  const samples = new Map<RouteName, ProbeResult[]>(routeBundles.map((bundle) => [bundle.name, []]));
  for (let run = 0; run < runs; run++) {
    for (const { name, file } of routeBundles) {
      const event = routeEvent(name, await examples[name].valid(await newCaller()), "gogh-bench");
      const result = await runProbe<ProbeResult>("first-request-probe.mjs", [pathToFileURL(file).href], {
        ...stackEnv,
        BENCH_EVENT: JSON.stringify(event),
      });
      if (result.status !== successStatus(name))
        throw new Error(`${name} answered ${result.status} on its first request`);
      samples.get(name)!.push(result);
    }
  }
  return routeBundles.map(({ name }) => {
    const results = samples.get(name)!;
    const invokes = results.map((result) => result.firstInvokeMs);
    return {
      name,
      runs: results.length,
      firstInvokeMedianMs: round(median(invokes)),
      firstInvokeMaxMs: round(Math.max(...invokes)),
      totalMedianMs: round(median(results.map((result) => result.evaluatedMs + result.firstInvokeMs))),
    };
  });
}
