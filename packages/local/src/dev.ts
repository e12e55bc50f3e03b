// `pnpm dev`: the whole backend offline — database, PlanetScale simulator, Momento, S3 + CDN, API gateway.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { startAdmin } from "@gogh/admin/local";
import * as Deletion from "@gogh/core/deletion";
import { db } from "@gogh/core/db";
import { seed } from "@gogh/core/seed";
import { devConsole } from "./dev-console";
import { startGateway } from "./gateway";
import { acceptRawUtf8Targets } from "./gateway-request-target";
import { DEFAULT_OPERATIONS_PER_SECOND } from "./momento/limits";
import { sampleNames, seedUsers } from "./seed";
import { startStack } from "./stack";

const apiPort = Number(process.env.PORT ?? 3000);
const adminPort = Number(process.env.GOGH_ADMIN_PORT ?? 3100);
const simulatorPort = Number(process.env.GOGH_DB_PORT ?? 3900);
const momentoHttpPort = Number(process.env.GOGH_MOMENTO_HTTP_PORT ?? 3902);
const s3Port = Number(process.env.GOGH_S3_PORT ?? 3903);
const cdnPort = Number(process.env.GOGH_CDN_PORT ?? 3904);
const identityPort = Number(process.env.GOGH_IDENTITY_PORT ?? 3905);
const database = process.env.GOGH_DATABASE ?? "gogh_dev";
// Beside the database it belongs to, so uploads survive a restart as the rows do.
const s3Directory = join(tmpdir(), `gogh-s3-${database}`);

process.env.GOGH_CHECK_RESPONSES ??= "1";

async function main() {
  const stack = await startStack({
    database,
    simulatorPort,
    momentoHttpPort,
    s3Port,
    cdnPort,
    s3Directory,
    identityPort,
  });
  await seed(db());
  const { count } = await db()
    .selectFrom("profiles")
    .select(sql<string>`COUNT(*)`.as("count"))
    .executeTakeFirstOrThrow();
  if (Number(count) === 0) await seedUsers(sampleNames);
  const output = devConsole();
  const gateway = await startGateway({ port: apiPort, onServed: output.served });
  // The deployed stage runs account erasures' last pass on a schedule (infra/jobs.ts); here, every minute.
  const erasures = setInterval(() => {
    Deletion.finishErasures({}).catch((error: unknown) => process.stderr.write(`account erasures: ${String(error)}\n`));
  }, 60_000);
  erasures.unref();
  const admin = await startAdmin({ port: adminPort, prepare: acceptRawUtf8Targets });

  process.stdout.write(
    [
      "",
      "Gogh local stack is up.",
      `  API (route table)       ${gateway.url}`,
      `  Admin console           ${admin.url}  (first operator: pnpm admin:create-operator --email you@example.com)`,
      `  API docs (OpenAPI)      ${gateway.url}/docs  (document: ${gateway.url}/openapi.json)`,
      `  PlanetScale simulator   ${stack.simulator.url.replace(/\/\/[^@]+@/, "//")}  (database ${database})`,
      `  Momento (HTTP API)      ${stack.momento.httpUrl}  (cache ${stack.momento.cacheName}, ${DEFAULT_OPERATIONS_PER_SECOND} operations/s, Momento's default limit; stats: ${stack.momento.httpUrl}/_local/stats)`,
      `  S3 (signed requests)    ${stack.s3.url}  (bucket ${stack.s3.bucket}, objects in ${s3Directory})`,
      `  CDN (public objects)    ${stack.s3.cdnUrl}`,
      `  Apple/Google sign-in    ${stack.identity.url}  (keys: ${stack.identity.keysUrl.apple}, ${stack.identity.keysUrl.google}; tokens: POST ${stack.identity.url}/apple/_local/token)`,
      "",
      "Try:",
      `  curl -s -X POST ${gateway.url}/v1/auth/signup`,
      `  curl -s ${gateway.url}/v1/me -H "Authorization: Bearer <accessToken>"`,
      `  curl -s "${gateway.url}/v1/users/search?q=さくら" -H "Authorization: Bearer <accessToken>"`,
      "",
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(erasures);
    await gateway.close();
    await admin.close();
    await stack.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
