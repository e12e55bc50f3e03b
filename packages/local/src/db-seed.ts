// `pnpm db:seed [--target <planetscale-url>]`: loads master data (see packages/core/src/db/seed.ts)
// into any PlanetScale branch over the HTTP driver, or, without --target, the local database.
import { Kysely } from "kysely";
import { PlanetScaleDialect } from "kysely-planetscale";
import { db, type DB } from "@gogh/core/db";
import { seed } from "@gogh/core/db/seed";
import { startStack } from "./stack";

async function main() {
  const index = process.argv.indexOf("--target");
  const target = index > 0 ? process.argv[index + 1] : process.env.DATABASE_TARGET_URL;
  if (target) {
    const remote = new Kysely<DB>({ dialect: new PlanetScaleDialect({ url: target }) });
    try {
      report(await seed(remote));
    } finally {
      await remote.destroy();
    }
    return;
  }
  // startStack migrates the local database on its way up.
  const stack = await startStack({ database: process.env.GOGH_DATABASE ?? "gogh_dev" });
  try {
    report(await seed(db()));
  } finally {
    await stack.close();
  }
}

function report(results: { name: string; added: number }[]) {
  for (const { name, added } of results) process.stdout.write(`${name.padEnd(12)} ${added} added\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
