import { migrateToLatest } from "@gogh/core/db/migrate";
import { type IdentityKeyServer, startIdentityKeyServer } from "./identity/index";
import { publicPrefixes } from "@gogh/core/storage";
import { assertReachable, createDatabase, dropDatabase, mysqlTarget } from "./mysql";
import { type MomentoServer, startMomentoServer } from "./momento/index";
import { type Simulator, startPlanetScaleSimulator } from "./planetscale";
import { type S3Server, startS3Server } from "./s3/index";
import type { productionDelays } from "./latency";

/** Each service's round trip in milliseconds (see latency.ts). */
export type ServiceDelays = { [K in keyof typeof productionDelays]: number };

// Local only: a fixed secret keeps tokens valid across `pnpm dev` restarts. Deployed stages
// get theirs from `sst secret set JwtSecret`.
const localJwtSecret = "local-development-secret-never-used-in-the-cloud";

/** The client ids the local key server's tokens are made for, as a stage sets them with `sst secret set`. */
export const localClientIds = {
  appleIos: "app.gogh.ios",
  appleAndroid: "app.gogh.signin",
  googleIos: "local-ios.apps.googleusercontent.com",
  googleAndroid: "local-server.apps.googleusercontent.com",
};

export interface StackOptions {
  database: string;
  /** Drop the database first (tests, benchmarks). */
  fresh?: boolean;
  simulatorPort?: number;
  momentoHttpPort?: number;
  s3Port?: number;
  cdnPort?: number;
  /** Where the local S3 keeps objects; a temporary directory removed on close when absent. */
  s3Directory?: string;
  identityPort?: number;
}

export interface Stack {
  database: string;
  simulator: Simulator;
  momento: MomentoServer;
  s3: S3Server;
  identity: IdentityKeyServer;
  /** Migrations this start applied. */
  migrated: string[];
  /** SST_RESOURCE_<Name> variables pointing the core at this stack; also set on process.env. */
  env: Record<string, string>;
  /** Holds every call to the database, Momento and S3 for these round trips from now on (all 0: off). */
  setDelays(delays: ServiceDelays): void;
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

/**
 * The offline cloud's data side: a database, the PlanetScale simulator in front of it (migrated),
 * a local Momento server (its HTTP API, at Momento's default limit of 100 operations a second),
 * a local S3 with a CDN in front of it, and Apple's and Google's sign-in keys.
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
  const momento = await startMomentoServer({ httpPort: options.momentoHttpPort });
  const s3 = await startS3Server({
    port: options.s3Port,
    cdnPort: options.cdnPort,
    directory: options.s3Directory,
    publicPrefixes,
  });
  const identity = await startIdentityKeyServer({ port: options.identityPort });
  const env = resourceEnv(simulator.url, momento, s3, identity);
  Object.assign(process.env, env);
  return {
    database: options.database,
    simulator,
    momento,
    s3,
    identity,
    migrated: results.map((result) => result.migrationName),
    env,
    setDelays({ databaseMs, cacheMs, storageMs }) {
      simulator.setLatency(databaseMs);
      momento.setLatency(cacheMs);
      s3.setLatency(storageMs);
    },
    async close({ dropDatabase: drop = false } = {}) {
      await Promise.all([simulator.close(), momento.close(), s3.close(), identity.close()]);
      if (drop) await dropDatabase(target, options.database);
    },
  };
}

function resourceEnv(
  simulatorUrl: string,
  momento: Pick<MomentoServer, "apiKey" | "cacheName" | "httpUrl">,
  s3: S3Server,
  identity: IdentityKeyServer,
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
    }),
    SST_RESOURCE_Storage: JSON.stringify({
      type: "sst.sst.Linkable",
      bucket: s3.bucket,
      cdnUrl: s3.cdnUrl,
      region: s3.region,
      endpoint: s3.url,
    }),
    SST_RESOURCE_Identity: JSON.stringify({
      type: "sst.sst.Linkable",
      appleKeysUrl: identity.keysUrl.apple,
      googleKeysUrl: identity.keysUrl.google,
      ...localClientIds,
    }),
    // What a Lambda's role provides on AWS; here the local S3's own keys.
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    SST_RESOURCE_JwtSecret: JSON.stringify({
      type: "sst.sst.Secret",
      value: process.env.GOGH_JWT_SECRET ?? localJwtSecret,
    }),
  };
}
