// The capacity run inside `pnpm bench`, beside the run committed in bench/results/capacity.json:
// a change that cuts round trips must not buy them with queries or Momento operations per person.
import { readFile } from "node:fs/promises";
import { runCapacity } from "./capacity";
import type { CapacityResults } from "./capacity/report";

export interface CapacityBeside {
  measured: CapacityResults["figures"];
  /** The committed run's figures, when there is one. */
  baseline?: CapacityResults["figures"];
  serverErrors: number;
  wrongPresence: number;
  /** Per person: measured queries/s and Momento ops/s no more than the baseline's (with 5% of noise). */
  notWorse: boolean;
}

const baselineFile = new URL("../../../bench/results/capacity.json", import.meta.url);
const noise = 1.05;

async function baseline(): Promise<CapacityResults | undefined> {
  try {
    return JSON.parse(await readFile(baselineFile, "utf8")) as CapacityResults;
  } catch {
    return undefined;
  }
}

export async function measureCapacityBeside(options: { people: number; database: string }): Promise<CapacityBeside> {
  const before = await baseline();
  const run = await runCapacity({
    people: options.people,
    warmupSeconds: 70,
    seconds: 60,
    momentoDownSeconds: 20,
    checkEverySeconds: 2,
    seed: 12,
    database: options.database,
  });
  const measured = run.figures.perPerson;
  const was = before?.figures.perPerson;
  return {
    measured: run.figures,
    baseline: before?.figures,
    serverErrors: run.phases.reduce((sum, phase) => sum + phase.serverErrors, 0),
    wrongPresence: run.phases.reduce((sum, phase) => sum + phase.wrongPresence.length, 0),
    notWorse:
      !was ||
      (measured.queriesPerSecond <= was.queriesPerSecond * noise &&
        measured.cacheOpsPerSecond <= was.cacheOpsPerSecond * noise),
  };
}
