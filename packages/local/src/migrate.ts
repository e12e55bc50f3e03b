// `pnpm db:migrate [--target <planetscale-url>]`: applies pending migrations over the HTTP driver.
// Without --target it migrates the local development database through the simulator.
import { migrateToLatest } from "@gogh/core/db/migrate";
import { startStack } from "./stack";

async function main() {
  const index = process.argv.indexOf("--target");
  const target = index > 0 ? process.argv[index + 1] : process.env.DATABASE_TARGET_URL;
  if (target) {
    const outcome = await migrateToLatest(target);
    report(outcome.results ?? []);
    return;
  }
  // startStack migrates the local database on its way up.
  const stack = await startStack({ database: process.env.GOGH_DATABASE ?? "gogh_dev" });
  await stack.close();
  report(stack.migrated.map((migrationName) => ({ migrationName, status: "Success" })));
  process.stdout.write(`Local database ${stack.database} is up to date.\n`);
}

function report(results: { migrationName: string; status: string }[]) {
  if (results.length === 0) process.stdout.write("Nothing to migrate.\n");
  for (const result of results) process.stdout.write(`${result.status.padEnd(8)} ${result.migrationName}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
