// `pnpm db:check [--since <git ref>]`: refuses migrations a PlanetScale deploy request cannot apply
// while the running release's code is live (see packages/core/src/db/check.ts), and prints the SQL
// this release's migrations will run, which is the schema diff reviewers read.
//
// "This release" is every migration not yet in the last release: the newest tag named v* (or
// --since), whose migrations are in production. Without a tag, every migration is this release's.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkMigrations, describeFindings, mergeSchemas, statementsOf } from "@gogh/core/db/check";
import { readCodeSchema, type SourceFiles } from "@gogh/core/db/code-schema";
import { migrations } from "@gogh/core/db/migrations";

const root = fileURLToPath(new URL("../../../", import.meta.url)).replace(/[\\/]$/, "");
const migrationsDir = "packages/core/src/db/migrations";

const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();

function lastRelease(): string | undefined {
  const index = process.argv.indexOf("--since");
  if (index > 0) return process.argv[index + 1];
  try {
    return git("describe", "--tags", "--abbrev=0", "--match", "v*") || undefined;
  } catch {
    return undefined;
  }
}

/** The project's sources as they were at `ref`, so the released code's own types can be read. */
function sourcesAt(ref: string): SourceFiles {
  const tracked = new Set(git("ls-tree", "-r", "--name-only", ref).split("\n"));
  const relativeOf = (file: string) => path.relative(root, file).split(path.sep).join("/");
  return {
    read(file) {
      const relative = relativeOf(file);
      return tracked.has(relative) ? git("show", `${ref}:${relative}`) : undefined;
    },
    list(directory) {
      const prefix = `${relativeOf(directory)}/`;
      const names = [...tracked].filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
      return [...new Set(names.map((name) => name.split("/")[0]!))];
    },
  };
}

async function main() {
  const release = lastRelease();
  const released = new Set(
    release
      ? git("ls-tree", "--name-only", release, "--", `${migrationsDir}/`)
          .split("\n")
          .map((path) => path.slice(migrationsDir.length + 1).replace(/\.ts$/, ""))
      : [],
  );
  const pending = Object.fromEntries(Object.entries(migrations).filter(([name]) => !released.has(name)));
  const inUse = mergeSchemas(readCodeSchema(root), ...(release ? [readCodeSchema(root, sourcesAt(release))] : []));

  process.stdout.write(
    release ? `Since release ${release}:\n` : "No release tag (v*) yet: every migration belongs to this release.\n",
  );
  for (const [name, migration] of Object.entries(pending).sort(([a], [b]) => a.localeCompare(b))) {
    process.stdout.write(`\n-- ${name}\n${(await statementsOf(migration)).map((s) => `${s};`).join("\n")}\n`);
  }
  if (Object.keys(pending).length === 0) process.stdout.write("No new migrations.\n");

  const findings = await checkMigrations({ pending, inUse });
  if (findings.length > 0) {
    process.stderr.write(`\n${describeFindings(findings)}\n`);
    process.exit(1);
  }
  process.stdout.write(`\nMigration check passed (${Object.keys(pending).length} new).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
