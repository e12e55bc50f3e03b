// Installs SST's platform into .sst/platform (git-ignored) so that sst.config.ts and infra/
// type-check against the real component types. Needs only the npm registry (no AWS, no Pulumi
// CLI, no Bun). Skipped when the installed platform already matches the sst devDependency.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const read = (path) => readFileSync(new URL(path, root), "utf8");
const wanted = JSON.parse(read("node_modules/sst/package.json")).version;
const installed = existsSync(new URL(".sst/platform/config.d.ts", root)) && read(".sst/platform/version").trim();

if (installed !== wanted) {
  console.log(`Installing the SST ${wanted} platform into .sst/platform (about 30 s)...`);
  execFileSync(process.execPath, ["node_modules/sst/bin/sst.mjs", "install", "--stage", "ci"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, SST_NO_BUN: "1", SST_SKIP_DEPENDENCY_CHECK: "1", SST_TELEMETRY_DISABLED: "1" },
  });
}
