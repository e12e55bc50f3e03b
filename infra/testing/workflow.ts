import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { root } from "./root";

/**
 * Runs a GitHub Actions job of .github/workflows on this machine the way the runner would:
 * `${{ }}` expressions, workflow/job/step env, the default shell and its flags, GITHUB_ENV,
 * GITHUB_OUTPUT, GITHUB_PATH and the step summary, `::add-mask::`, and steps skipped after a
 * failure unless `if: always()`. Every `run:` step runs for real in the repository; the actions
 * a step `uses` are the runner's business and are only recorded (checkout: the repository is
 * here; setup: dependencies are installed; setup-pscale: a stub pscale is on PATH), except
 * configure-aws-credentials, which sets the variables the real one exports.
 */

export interface WorkflowEvent {
  name: "push" | "workflow_dispatch";
  ref: string;
  sha: string;
  inputs?: Record<string, string>;
}

export interface RunOptions {
  event: WorkflowEvent;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** Directories put first on PATH (the stub CLIs). */
  path: string[];
  /** The runner machine's own environment beyond the essentials (e.g. trusted CA certificates). */
  machineEnv?: Record<string, string>;
}

export interface StepRun {
  name: string;
  uses?: string;
  with?: Record<string, string>;
  skipped: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface JobRun {
  steps: StepRun[];
  succeeded: boolean;
  /** Values registered with ::add-mask:: (what the runner would hide in logs). */
  masks: string[];
  outputs: Record<string, Record<string, string>>;
  summary: string;
  /** The environment the steps ran with (after GITHUB_ENV), for reading what steps exported. */
  env: Record<string, string>;
}

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  if?: string;
  env?: Record<string, unknown>;
  shell?: string;
}

interface Job {
  env?: Record<string, unknown>;
  steps: Step[];
  defaults?: { run?: { shell?: string } };
}

interface Workflow {
  env?: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

/** Actions the runner provides and the tests stand in for, by name (before the @ pin). */
const knownActions = new Set([
  "actions/checkout",
  "./.github/actions/setup",
  "planetscale/setup-pscale-action",
  "aws-actions/configure-aws-credentials",
]);

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(join(root, ".github/workflows", file), "utf8")) as Workflow;
}

/** The `${{ }}` expressions these workflows use: paths, '||', string literals, and the status functions. */
function evaluate(expression: string, context: Record<string, unknown>, status: { failed: boolean }): unknown {
  let value: unknown;
  for (const operand of expression.split("||").map((part) => part.trim())) {
    if (operand === "always()") value = true;
    else if (operand === "success()") value = !status.failed;
    else if (operand === "failure()") value = status.failed;
    else if (/^'.*'$/.test(operand)) value = operand.slice(1, -1).replaceAll("''", "'");
    else if (/^[\w.-]+$/.test(operand)) {
      value = operand.split(".").reduce<unknown>((inner, key) => (inner as Record<string, unknown>)?.[key], context);
    } else throw new Error(`The workflow test runner does not evaluate \${{ ${expression} }}`);
    if (value) return value;
  }
  return value;
}

function substitute(text: string, context: Record<string, unknown>, status: { failed: boolean }): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) =>
    String(evaluate(expression, context, status) ?? ""),
  );
}

function run(
  script: string,
  shell: string | undefined,
  env: Record<string, string>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const directory = mkdtempSync(join(tmpdir(), "gogh-step-"));
  const file = join(directory, "step.sh");
  writeFileSync(file, script);
  // GitHub's runner: `bash -e {0}` by default, `bash --noprofile --norc -eo pipefail {0}` for `shell: bash`.
  const args = shell === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail", file] : ["-e", file];
  return new Promise((resolve, reject) => {
    const child = spawn("bash", args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      rmSync(directory, { recursive: true, force: true });
      resolve({ exitCode: code ?? 1, stdout, stderr });
    });
  });
}

/** KEY=value lines and KEY<<DELIMITER heredocs, as GITHUB_ENV and GITHUB_OUTPUT take them. */
function readCommandFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = readFileSync(path, "utf8").split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, index + 1);
      values[heredoc[1]!] = lines.slice(index + 1, end).join("\n");
      index = end;
    } else if (line.includes("=")) {
      values[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return values;
}

export async function runJob(file: string, options: RunOptions, jobName?: string): Promise<JobRun> {
  const workflow = readWorkflow(file);
  const job = jobName ? workflow.jobs[jobName]! : Object.values(workflow.jobs)[0]!;
  const temp = mkdtempSync(join(tmpdir(), "gogh-runner-"));
  const files = {
    GITHUB_ENV: join(temp, "env"),
    GITHUB_OUTPUT: join(temp, "output"),
    GITHUB_PATH: join(temp, "path"),
    GITHUB_STEP_SUMMARY: join(temp, "summary"),
  };
  writeFileSync(files.GITHUB_ENV, "");
  writeFileSync(files.GITHUB_PATH, "");
  writeFileSync(files.GITHUB_STEP_SUMMARY, "");
  const refName = options.event.ref.replace(/^refs\/(heads|tags)\//, "");
  const refType = options.event.ref.startsWith("refs/tags/") ? "tag" : "branch";
  const context: Record<string, unknown> = {
    secrets: options.secrets,
    vars: options.vars,
    inputs: options.event.inputs ?? {},
    github: {
      ref: options.event.ref,
      ref_name: refName,
      ref_type: refType,
      sha: options.event.sha,
      event_name: options.event.name,
      event: { inputs: options.event.inputs ?? {} },
      run_id: "4242",
    },
  };
  const status = { failed: false };
  const shell = job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
  // A fresh machine: the essentials, the runner's variables, no variable of this test process.
  let env: Record<string, string> = {
    HOME: process.env.HOME ?? temp,
    PATH: [...options.path, process.env.PATH ?? ""].join(":"),
    LANG: "C.UTF-8",
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: root,
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_REF: options.event.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: refType,
    GITHUB_SHA: options.event.sha,
    GITHUB_RUN_ID: "4242",
    RUNNER_TEMP: temp,
    ...options.machineEnv,
  };
  const expand = (values: Record<string, unknown> | undefined) =>
    Object.fromEntries(
      Object.entries(values ?? {}).map(([key, value]) => [key, substitute(String(value), context, status)]),
    );
  env = { ...env, ...expand(workflow.env), ...expand(job.env) };
  const steps: StepRun[] = [];
  const masks: string[] = [];
  const outputs: Record<string, Record<string, string>> = {};

  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    const condition = step.if ?? "success()";
    const runs = Boolean(evaluate(condition.replace(/^\$\{\{\s*|\s*\}\}$/g, ""), context, status));
    const given = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(String(value), context, status)]),
    );
    if (!runs) {
      steps.push({ name, uses: step.uses, with: given, skipped: true, exitCode: 0, stdout: "", stderr: "" });
      continue;
    }
    if (step.uses) {
      const action = step.uses.split("@")[0]!;
      if (!knownActions.has(action)) throw new Error(`The workflow test runner does not stand in for ${step.uses}`);
      if (action === "aws-actions/configure-aws-credentials") {
        if (!given["role-to-assume"]?.startsWith("arn:aws:iam::")) {
          status.failed = true;
        }
        // What the action exports for the following steps (credentials of the assumed role).
        Object.assign(env, {
          AWS_REGION: given["aws-region"] ?? "",
          AWS_DEFAULT_REGION: given["aws-region"] ?? "",
          AWS_ACCESS_KEY_ID: "ASIATESTACCESSKEY",
          AWS_SECRET_ACCESS_KEY: "test-secret-access-key",
          AWS_SESSION_TOKEN: "test-session-token",
        });
        masks.push("test-secret-access-key", "test-session-token");
      }
      steps.push({
        name,
        uses: step.uses,
        with: given,
        skipped: false,
        exitCode: status.failed ? 1 : 0,
        stdout: "",
        stderr: "",
      });
      continue;
    }
    writeFileSync(files.GITHUB_OUTPUT, "");
    const stepEnv = { ...env, ...expand(step.env), ...files };
    const result = await run(substitute(step.run ?? "", context, status), step.shell ?? shell, stepEnv);
    for (const match of result.stdout.matchAll(/^::add-mask::(.*)$/gm)) masks.push(match[1]!);
    steps.push({ name, skipped: false, ...result });
    if (step.id) outputs[step.id] = readCommandFile(files.GITHUB_OUTPUT);
    Object.assign(env, readCommandFile(files.GITHUB_ENV));
    const added = readFileSync(files.GITHUB_PATH, "utf8").split("\n").filter(Boolean);
    if (added.length > 0) env.PATH = [...added.reverse(), env.PATH].join(":");
    writeFileSync(files.GITHUB_PATH, "");
    if (result.exitCode !== 0) status.failed = true;
  }
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, "utf8");
  rmSync(temp, { recursive: true, force: true });
  return { steps, succeeded: !status.failed, masks, outputs, summary, env };
}
