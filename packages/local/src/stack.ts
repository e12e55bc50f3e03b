import { migrateToLatest } from "@gogh/core/db/migrate";
import { assertReachable, createDatabase, dropDatabase, mysqlTarget } from "./mysql";
import { type Simulator, startPlanetScaleSimulator } from "./planetscale";

// Local only: a fixed secret keeps tokens valid across `pnpm dev` restarts. Deployed stages
// get theirs from `sst secret set JwtSecret`.
const localJwtSecret = "local-development-secret-never-used-in-the-cloud";

export interface StackOptions {
  database: string;
  /** Drop the database first (tests, benchmarks). */
  fresh?: boolean;
  simulatorPort?: number;
}

export interface Stack {
  database: string;
  simulator: Simulator;
  /** Migrations this start applied. */
  migrated: string[];
  /** SST_RESOURCE_<Name> variables pointing the core at this stack; also set on process.env. */
  env: Record<string, string>;
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

/** The offline cloud's data side: a database, the PlanetScale simulator in front of it, migrated. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const target = mysqlTarget();
  await assertReachable(target);
  if (options.fresh) await dropDatabase(target, options.database);
  await createDatabase(target, options.database);
  const simulator = await startPlanetScaleSimulator({
    mysql: target,
    database: options.database,
    port: options.simulatorPort,
  });
  const { results = [] } = await migrateToLatest(simulator.url);
  const env = resourceEnv(simulator.url);
  Object.assign(process.env, env);
  return {
    database: options.database,
    simulator,
    migrated: results.map((result) => result.migrationName),
    env,
    async close({ dropDatabase: drop = false } = {}) {
      await simulator.close();
      if (drop) await dropDatabase(target, options.database);
    },
  };
}

export function resourceEnv(simulatorUrl: string): Record<string, string> {
  const url = new URL(simulatorUrl);
  const database = { host: `${url.protocol}//${url.host}`, username: url.username, password: url.password };
  return {
    SST_RESOURCE_App: JSON.stringify({ name: "gogh", stage: "local" }),
    SST_RESOURCE_Database: JSON.stringify({ type: "sst.sst.Linkable", ...database }),
    SST_RESOURCE_JwtSecret: JSON.stringify({
      type: "sst.sst.Secret",
      value: process.env.GOGH_JWT_SECRET ?? localJwtSecret,
    }),
  };
}
