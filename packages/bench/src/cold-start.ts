import { pathToFileURL } from "node:url";
import { type Bundle, floorName } from "./bundle";
import { runProbe } from "./fresh-node";
import { median, percentile, round } from "./stats";

export type { Bundle };

export interface ColdImport {
  name: Bundle["name"];
  runs: number;
  medianMs: number;
  p90Ms: number;
  /** Median over the floor's median: what the route's code adds to a one-line handler. */
  ratioToFloor: number;
  /** Median minus the floor's median: the same, in milliseconds, which does not depend on how heavy node's own start is. */
  overFloorMs: number;
}

/**
 * Imports each bundle `runs` times, each in a fresh node process, round-robin over the
 * bundles so that machine noise lands on all of them alike.
 */
export async function measureColdImports(bundles: Bundle[], runs: number): Promise<ColdImport[]> {
  const samples = new Map<Bundle["name"], number[]>(bundles.map((bundle) => [bundle.name, []]));
  for (let run = 0; run < runs; run++) {
    for (const bundle of bundles) {
      const { evaluatedMs } = await runProbe<{ evaluatedMs: number }>(
        "import-probe.mjs",
        [pathToFileURL(bundle.file).href],
        {},
      );
      samples.get(bundle.name)!.push(evaluatedMs);
    }
  }
  const floor = median(samples.get(floorName) ?? []);
  return bundles.map(({ name }) => {
    const times = samples.get(name)!;
    return {
      name,
      runs: times.length,
      medianMs: round(median(times)),
      p90Ms: round(percentile(times, 90)),
      ratioToFloor: round(median(times) / floor, 2),
      overFloorMs: round(median(times) - floor),
    };
  });
}
