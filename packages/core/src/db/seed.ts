import type { Executor } from "./index";
import { seedSpaces } from "../space/seed";

/**
 * Master data every stage needs (`pnpm db:seed`), one step per module that owns it. Each step
 * is idempotent: it adds what is missing, never duplicates, never overwrites what operators
 * changed, and returns how many rows it added.
 */
export interface SeedStep {
  name: string;
  run(db: Executor): Promise<number>;
}

export const seedSteps: SeedStep[] = [
  { name: "spaces", run: seedSpaces },
  // The item catalog's seed step goes here (one entry, added by the item module's owner).
];

export async function seed(db: Executor, steps = seedSteps): Promise<{ name: string; added: number }[]> {
  const results: { name: string; added: number }[] = [];
  for (const step of steps) results.push({ name: step.name, added: await step.run(db) });
  return results;
}
