import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build, transform } from "esbuild";
import { root } from "./root";

export { root };

/**
 * The SST program (sst.config.ts and infra/*) evaluated offline with SST's real components: it
 * is bundled exactly as the `sst` CLI bundles it (pkg/js/js.go and pkg/project/stack.go in
 * sst/sst: the same esbuild options, `$app`/`$cli`/`$dev` defines, the platform's shim injected
 * and the provider globals prepended to our files), then run in a fresh Node process under
 * Pulumi's runtime mocks (infra/testing/run-program.mjs says what stands in for what).
 */

const platform = join(root, ".sst/platform");
const runner = fileURLToPath(new URL("./run-program.mjs", import.meta.url));
const results = join(root, ".sst/test-stacks");
const routeTable = join(root, "packages/functions/src/routes.ts");

export interface Scenario {
  stage: string;
  /** `sst dev` rather than `sst deploy`. */
  dev?: boolean;
  /** The deploy's environment (GOGH_* inputs); nothing else of this process's GOGH_* leaks in. */
  env?: Record<string, string>;
  /** Entries added to the route table (packages/functions/src/routes.ts), as another engineer would. */
  extraRoutes?: Record<string, Record<string, unknown>>;
}

export interface Resource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, any>;
}

export interface Evaluation {
  resources: Resource[];
  /** Calls the components made to the `sst` CLI (builds, bootstrap, dev targets). */
  rpcs: { method: string; input: Record<string, any> }[];
  invokes: { token: string; inputs: Record<string, any> }[];
  outputs: Record<string, unknown>;
  /** Errors the program raised: what `sst deploy` would stop with. */
  errors: string[];
}

/** Placeholder values for the stage's secrets (`sst secret set`), which SST passes as SST_SECRET_<name>. */
export const secrets = {
  JwtSecret: "test-jwt-secret-0123456789abcdef0123456789",
  PlanetScaleHost: "aws.connect.psdb.cloud",
  PlanetScaleUsername: "test-username",
  PlanetScalePassword: "pscale_pw_test",
  MomentoApiKey: "test-momento-key",
  MomentoHttpEndpoint: "https://api.cache.cell-ap-northeast-1-1.prod.a.momentohq.com",
  AppleClientIdIos: "app.gogh.ios",
  AppleClientIdAndroid: "app.gogh.signin",
  GoogleClientIdIos: "test-ios.apps.googleusercontent.com",
  GoogleClientIdAndroid: "test-server.apps.googleusercontent.com",
};

type AppConfig = { app(input: { stage: string }): Record<string, unknown> };
let config: Promise<AppConfig> | undefined;

/** The app settings the CLI takes from sst.config.ts's app(), for a stage. */
export async function appSettings(stage: string): Promise<Record<string, unknown>> {
  config ??= loadAppConfig();
  return { ...(await config).app({ stage }), stage, providers: { aws: {} } };
}

/** sst.config.ts compiled and evaluated with `$config` handing back its argument; run() is never called. */
async function loadAppConfig(): Promise<AppConfig> {
  const { code } = await transform(readFileSync(join(root, "sst.config.ts"), "utf8"), { loader: "ts", format: "esm" });
  const evaluated = `const $config = (value) => value;\n${code}`;
  const module = (await import(`data:text/javascript;base64,${Buffer.from(evaluated).toString("base64")}`)) as {
    default: AppConfig;
  };
  return module.default;
}

/** The `sst` CLI's bundle of the program (its Go code, in TypeScript), returned unwritten. */
async function bundleProgram(scenario: Scenario, work: string): Promise<string> {
  const cli = {
    command: scenario.dev ? "dev" : "deploy",
    dev: scenario.dev === true,
    paths: { home: join(work, "home"), root: root.replace(/\/$/, ""), work, platform },
    state: { version: {} },
  };
  const providerGlobals = [
    `import * as aws from "@pulumi/aws";`,
    `import * as sst from "${platform}/src/components";`,
  ].join("\n");
  const result = await build({
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __filename = topLevelFileUrlToPath(import.meta.url)`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
      ].join("\n"),
    },
    mainFields: ["module", "main"],
    format: "esm",
    platform: "node",
    // The CLI awaits `run(mod.run)` at the top level; here the runner calls it inside Pulumi's stack.
    stdin: {
      contents: [
        `import { run } from "${platform}/src/auto/run.ts";`,
        `import mod from "${root}sst.config.ts";`,
        `export default () => run(mod.run);`,
      ].join("\n"),
      resolveDir: root,
      sourcefile: "eval.ts",
      loader: "ts",
    },
    nodePaths: [join(platform, "node_modules")],
    plugins: [
      {
        name: "InjectGlobals",
        setup(pluginBuild) {
          pluginBuild.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, (args) => {
            let contents = readFileSync(args.path, "utf8");
            if (args.path === routeTable && scenario.extraRoutes) {
              contents += `\nObject.assign(routes, ${JSON.stringify(scenario.extraRoutes)});\n`;
            }
            return {
              contents: args.path.includes(".sst") ? contents : `${providerGlobals}\n${contents}`,
              loader: "default",
            };
          });
        },
      },
    ],
    external: [
      "@pulumi/*",
      "undici",
      "@pulumiverse/*",
      "@sst-provider/*",
      "@aws-sdk/*",
      "esbuild",
      "archiver",
      "glob",
      "vite",
    ],
    define: {
      $app: JSON.stringify(await appSettings(scenario.stage)),
      $cli: JSON.stringify(cli),
      $dev: String(scenario.dev === true),
    },
    inject: [join(platform, "src/shim/run.js")],
    bundle: true,
    write: false,
    outfile: join(platform, "program.mjs"),
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

const inFlight = new Map<string, Promise<Evaluation>>();

/**
 * Evaluates the program for a scenario. Results are kept under .sst/test-stacks by a hash of the
 * bundle, the scenario and the runner, so test files that need the same stack share one run.
 */
export function evaluateStack(scenario: Scenario): Promise<Evaluation> {
  const name = JSON.stringify(scenario);
  if (!inFlight.has(name)) inFlight.set(name, evaluate(scenario));
  return inFlight.get(name)!;
}

async function evaluate(scenario: Scenario): Promise<Evaluation> {
  if (!existsSync(join(platform, "config.d.ts"))) {
    await promisify(execFile)(process.execPath, [join(root, "infra/sst-install.mjs")], { cwd: root });
  }
  const work = mkdtempSync(join(tmpdir(), "gogh-sst-work-"));
  try {
    const program = await bundleProgram(scenario, work);
    const key = createHash("sha256")
      .update(program.replaceAll(work, "<work>"))
      .update(JSON.stringify(scenario))
      .update(readFileSync(runner))
      .digest("hex")
      .slice(0, 16);
    const cached = join(results, `${key}.json`);
    if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8")) as Evaluation;

    // Beside the platform, as the CLI writes it, so that `@pulumi/*` resolve to the platform's copies.
    const programFile = join(platform, `program.test-${randomBytes(6).toString("hex")}.mjs`);
    const resultFile = join(work, "result.json");
    writeFileSync(programFile, program);
    try {
      await promisify(execFile)(process.execPath, [runner, programFile, resultFile], {
        cwd: root,
        env: deployEnvironment(scenario),
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: unknown) => {
        // A failed program still writes its result (Pulumi's exit hook may set the exit code on
        // the outputs it left pending); anything else is a broken runner.
        if (!existsSync(resultFile)) throw error;
      });
    } finally {
      rmSync(programFile, { force: true });
    }
    mkdirSync(results, { recursive: true });
    const partial = `${cached}.${randomBytes(4).toString("hex")}`;
    writeFileSync(partial, readFileSync(resultFile));
    renameSync(partial, cached);
    return JSON.parse(readFileSync(cached, "utf8")) as Evaluation;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function deployEnvironment(scenario: Scenario): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GOGH_|SST_)/.test(name)));
  return {
    ...inherited,
    ...Object.fromEntries(Object.entries(secrets).map(([name, value]) => [`SST_SECRET_${name}`, value])),
    ...scenario.env,
    GOGH_TEST_ROOT: root,
    GOGH_TEST_STAGE: scenario.stage,
  };
}
