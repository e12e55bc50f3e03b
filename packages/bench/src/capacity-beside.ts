// The capacity run inside `pnpm bench`, beside the run committed in bench/results/capacity.json:
// a change that cuts round trips must not buy them with queries or Momento operations per person.
// It runs as `pnpm bench:capacity` does, in a process of its own (SST reads its links once per
// process, and this one's point at the bench's own stack, gone by then).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
const capacityEntry = fileURLToPath(new URL("./capacity/index.ts", import.meta.url));
const noise = 1.05;

async function readResults(file: string | URL): Promise<CapacityResults | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as CapacityResults;
  } catch {
    return undefined;
  }
}

function runCapacityProcess(people: number, resultsFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", capacityEntry], {
      env: { ...process.env, CAPACITY_PEOPLE: String(people), CAPACITY_RESULTS_FILE: resultsFile },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the capacity run exited with ${code}`))));
  });
}

export async function measureCapacityBeside(options: { people: number }): Promise<CapacityBeside> {
  const folder = await mkdtemp(join(tmpdir(), "gogh-capacity-"));
  try {
    const resultsFile = join(folder, "capacity.json");
    await runCapacityProcess(options.people, resultsFile);
    const run = (await readResults(resultsFile))!;
    const before = await readResults(baselineFile);
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
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
