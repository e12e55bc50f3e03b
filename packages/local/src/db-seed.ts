// `pnpm db:seed [--target <planetscale-url>]`: loads master data (see packages/core/src/seed.ts)
// into any PlanetScale branch over the HTTP driver, or, without --target, the local database.
import { db } from "@gogh/core/db";
import { seed } from "@gogh/core/seed";
import { startStack } from "./stack";

async function main() {
  const index = process.argv.indexOf("--target");
  const target = index > 0 ? process.argv[index + 1] : process.env.DATABASE_TARGET_URL;
  if (target) {
    // The one configuration path: the core's db() reads the link, so every step reaches the target.
    const url = new URL(target);
    process.env.SST_RESOURCE_Database = JSON.stringify({
      host: `${url.protocol}//${url.host}`,
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
    report(await seed(db()));
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
