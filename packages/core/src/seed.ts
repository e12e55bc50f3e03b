import type { Executor } from "./db";
import { seedCatalog } from "./item/seed";
import { seedSpaces } from "./space/seed";

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
  { name: "item catalog", run: (db) => seedCatalog(db) },
];

export async function seed(db: Executor, steps = seedSteps): Promise<{ name: string; added: number }[]> {
  const results: { name: string; added: number }[] = [];
  for (const step of steps) results.push({ name: step.name, added: await step.run(db) });
  return results;
}
