import { resetCache } from "./cache";
import { resetDb } from "./db";
import { Resource } from "sst";

type Links = Pick<typeof Resource, "Database" | "Cache" | "Identity">;

/**
 * Points one link of this test file elsewhere (an unreachable database, a stopped cache). SST
 * reads SST_RESOURCE_* once per process, so the link itself changes too, and the clients built
 * from the old one are forgotten.
 */
export function relink<K extends keyof Links>(name: K, change: Partial<Links[K]>): void {
  const link = { ...Resource[name], ...change };
  process.env[`SST_RESOURCE_${name}`] = JSON.stringify(link);
  Object.assign(Resource[name], change);
  resetDb();
  resetCache();
}
