import { migrateToLatest } from "@gogh/core/db/migrate";
import { assertReachable, createDatabase, dropDatabase, mysqlTarget } from "./mysql";
import { type MomentoServer, startMomentoServer } from "./momento/index";
import { type Simulator, startPlanetScaleSimulator } from "./planetscale";

// Local only: a fixed secret keeps tokens valid across `pnpm dev` restarts. Deployed stages
// get theirs from `sst secret set JwtSecret`.
const localJwtSecret = "local-development-secret-never-used-in-the-cloud";

export interface StackOptions {
  database: string;
  /** Drop the database first (tests, benchmarks). */
  fresh?: boolean;
  simulatorPort?: number;
  momentoGrpcPort?: number;
  momentoHttpPort?: number;
}

export interface Stack {
  database: string;
  simulator: Simulator;
  momento: MomentoServer;
  /** Migrations this start applied. */
  migrated: string[];
  /** SST_RESOURCE_<Name> variables pointing the core at this stack; also set on process.env. */
  env: Record<string, string>;
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

/**
 * The offline cloud's data side: a database, the PlanetScale simulator in front of it (migrated),
 * and a local Momento server.
 */
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
  const momento = await startMomentoServer({ grpcPort: options.momentoGrpcPort, httpPort: options.momentoHttpPort });
  const env = resourceEnv(simulator.url, momento);
  Object.assign(process.env, env);
  return {
    database: options.database,
    simulator,
    momento,
    migrated: results.map((result) => result.migrationName),
    env,
    async close({ dropDatabase: drop = false } = {}) {
      await Promise.all([simulator.close(), momento.close()]);
      if (drop) await dropDatabase(target, options.database);
    },
  };
}

function resourceEnv(
  simulatorUrl: string,
  momento: Pick<MomentoServer, "apiKey" | "cacheName" | "httpUrl" | "grpcEndpoint">,
): Record<string, string> {
  const url = new URL(simulatorUrl);
  const database = { host: `${url.protocol}//${url.host}`, username: url.username, password: url.password };
  return {
    SST_RESOURCE_App: JSON.stringify({ name: "gogh", stage: "local" }),
    SST_RESOURCE_Database: JSON.stringify({ type: "sst.sst.Linkable", ...database }),
    SST_RESOURCE_Cache: JSON.stringify({
      type: "sst.sst.Linkable",
      apiKey: momento.apiKey,
      cacheName: momento.cacheName,
      httpEndpoint: momento.httpUrl,
      localEndpoint: momento.grpcEndpoint,
    }),
    SST_RESOURCE_JwtSecret: JSON.stringify({
      type: "sst.sst.Secret",
      value: process.env.GOGH_JWT_SECRET ?? localJwtSecret,
    }),
  };
}
