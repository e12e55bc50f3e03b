import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { connectMysql, createDatabase, dropDatabase, mysqlTarget, query } from "../../packages/local/src/mysql";
import { type Simulator, startPlanetScaleSimulator } from "../../packages/local/src/planetscale/index";

/**
 * Stub `pscale`, `sst` and `aws` commands for the workflow tests: small scripts on PATH that hand
 * their arguments to this process, which answers as the real CLIs do (their flags, their JSON)
 * and records every call. PlanetScale branches are real databases behind the PlanetScale
 * simulator, reached over HTTPS like the real service (a certificate this file makes, trusted
 * through NODE_EXTRA_CA_CERTS), so the workflows' `db:migrate` and `db:seed` really run.
 */

export interface StubCall {
  tool: "pscale" | "sst" | "aws";
  args: string[];
  /** Environment the call saw that the real CLI reads. */
  env: Record<string, string | undefined>;
}

/** How a deploy request moves: its deployment states, shown one per `show`, per phase. */
export interface DeployRequestScript {
  /** Before `deploy`: PlanetScale checks the request (ends at ready, no_changes or an error). */
  checks: string[];
  /** After `deploy`: the deployment (ends at pending_cutover when gated, else complete_pending_revert). */
  deploying: string[];
  /** After `apply` of a gated request. */
  cutover: string[];
}

export interface StubOptions {
  databasePrefix: string;
  organization: string;
  database: string;
  /** Branches that exist before the workflow runs. */
  branches: string[];
  deployRequest: DeployRequestScript;
  /** What `sst deploy` reports as the stage's outputs (.sst/outputs.json). */
  outputs: Record<string, string>;
}

export interface Stubs {
  bin: string;
  /** Trusted by the workflow's commands like a public CA (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  url: string;
  calls: StubCall[];
  /** Passwords `pscale password create` handed out, with their branch and role. */
  passwords: { branch: string; role: string; ttl: string; password: string; username: string }[];
  /** The real database behind a branch. */
  databaseOf(branch: string): string;
  close(): Promise<void>;
}

class CliError extends Error {}

const flag = (args: string[], name: string) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
};
const positional = (args: string[]) => {
  const values: string[] = [];
  for (let index = 0; index < args.length; index++) {
    if (args[index]!.startsWith("--")) {
      if (!["--wait", "--force"].includes(args[index]!)) index++;
    } else values.push(args[index]!);
  }
  return values;
};

function makeCertificate(directory: string): { key: string; cert: string; file: string } {
  const key = join(directory, "key.pem");
  const cert = join(directory, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
      .concat(["-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"])
      .concat(["-addext", "subjectAltName=IP:127.0.0.1"]),
    { stdio: "ignore" },
  );
  return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8"), file: cert };
}

/** The stub command: its arguments, directory and environment to this process, its answer back (bash, curl and jq start fast). */
const stubScript = (tool: string) => `#!/usr/bin/env bash
set -euo pipefail
answer=$(jq -n '{args: $ARGS.positional, cwd: $cwd, env: env}' --arg cwd "$PWD" --args -- "$@" |
  curl --silent --show-error --fail --data-binary @- "$GOGH_STUB_URL/${tool}")
jq -j '.stdout' <<<"$answer"
jq -j '.stderr' <<<"$answer" >&2
exit "$(jq -r '.exitCode' <<<"$answer")"
`;

export async function startStubs(options: StubOptions): Promise<Stubs> {
  const directory = mkdtempSync(join(tmpdir(), "gogh-stubs-"));
  const bin = join(directory, "bin");
  mkdirSync(bin);
  for (const tool of ["pscale", "sst", "aws"]) {
    writeFileSync(join(bin, tool), stubScript(tool));
    chmodSync(join(bin, tool), 0o755);
  }
  const tls = makeCertificate(directory);
  const mysql = mysqlTarget();
  const databaseOf = (branch: string) => `${options.databasePrefix}${branch.replace(/-/g, "_")}`;
  const branches = new Map<string, { parent?: string }>(options.branches.map((name) => [name, {}]));
  for (const branch of options.branches) await createDatabase(mysql, databaseOf(branch));
  const running: { simulator: Simulator; proxy: TlsServer }[] = [];
  const calls: StubCall[] = [];
  const passwords: Stubs["passwords"] = [];
  const requests = new Map<
    number,
    { branch: string; into: string; phase: keyof DeployRequestScript | "closed"; shown: number; applied?: boolean }
  >();

  /**
   * What a completed deploy request leaves behind: the tables the branch has and `into` lacks
   * (the tests start production empty, so no table needs altering), and, with "Automatically
   * copy migration data" on, the branch's rows of the migration table.
   */
  async function applySchema(from: string, into: string) {
    const connection = await connectMysql(mysql);
    try {
      const tables = (await query(
        connection,
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${from}'`,
      )) as { name: string }[];
      for (const { name } of tables)
        await query(connection, `CREATE TABLE IF NOT EXISTS \`${into}\`.\`${name}\` LIKE \`${from}\`.\`${name}\``);
      if (tables.some((table) => table.name === "kysely_migration")) {
        await query(
          connection,
          `INSERT IGNORE INTO \`${into}\`.kysely_migration SELECT * FROM \`${from}\`.kysely_migration`,
        );
      }
    } finally {
      connection.end(() => {});
    }
  }

  async function createPassword(args: string[]) {
    const [database, branch, name] = positional(args.slice(2));
    if (database !== options.database || !branch || !name)
      throw new CliError("Error: <database> <branch> <name> required");
    if (!branches.has(branch)) throw new CliError(`Error: branch ${branch} does not exist in database ${database}`);
    const username = `u${randomBytes(6).toString("hex")}`;
    const password = `pscale_pw_${randomBytes(18).toString("base64url")}`;
    const simulator = await startPlanetScaleSimulator({ mysql, database: databaseOf(branch), username, password });
    // HTTPS in front of the simulator, as PlanetScale's edge is.
    const proxy = createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => {
      const upstream = connect(simulator.port, "127.0.0.1");
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    running.push({ simulator, proxy });
    const role = flag(args, "role") ?? "admin";
    const ttl = flag(args, "ttl") ?? "0";
    passwords.push({ branch, role, ttl, password, username });
    return JSON.stringify({
      id: randomBytes(6).toString("hex"),
      name,
      access_host_url: `127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      username,
      role,
      plain_text: password,
      ttl_seconds: Number(ttl),
      database_branch: { name: branch },
    });
  }

  function deployRequestJson(number: number) {
    const request = requests.get(number)!;
    const script = request.phase === "closed" ? ["closed"] : options.deployRequest[request.phase];
    const state = script[Math.min(request.shown, script.length - 1)]!;
    return {
      state,
      json: {
        id: `dr${number}`,
        number,
        branch: request.branch,
        into_branch: request.into,
        state: request.phase === "closed" ? "closed" : "open",
        deployment: { state },
      },
    };
  }

  async function pscale(args: string[], env: Record<string, string | undefined>): Promise<string> {
    if (!env.PLANETSCALE_SERVICE_TOKEN_ID || !env.PLANETSCALE_SERVICE_TOKEN) {
      throw new CliError("Error: not authenticated yet. Please run 'pscale auth login'");
    }
    if (flag(args, "org") !== options.organization) throw new CliError(`Error: organization not found`);
    const [group, command] = args;
    const [database, name] = positional(args.slice(2));
    if (database !== options.database) throw new CliError(`Error: database ${database} does not exist`);
    const json = flag(args, "format") === "json";
    switch (`${group} ${command}`) {
      case "password create":
        return createPassword(args);
      case "branch create": {
        const parent = flag(args, "from") ?? "main";
        if (branches.has(name!)) throw new CliError(`Error: branch ${name} already exists`);
        if (!branches.has(parent)) throw new CliError(`Error: branch ${parent} does not exist`);
        branches.set(name!, { parent });
        await createDatabase(mysql, databaseOf(name!));
        return `Branch ${name} was successfully created.\n`;
      }
      case "branch delete":
        if (!branches.delete(name!)) throw new CliError(`Error: branch ${name} does not exist`);
        await dropDatabase(mysql, databaseOf(name!));
        return `Branch ${name} was successfully deleted.\n`;
      case "deploy-request create": {
        if (!branches.has(name!)) throw new CliError(`Error: branch ${name} does not exist`);
        const number = requests.size + 1;
        requests.set(number, { branch: name!, into: flag(args, "into") ?? "main", phase: "checks", shown: 0 });
        const { json: body } = deployRequestJson(number);
        return json ? JSON.stringify(body) : `Deploy request #${number} successfully created.\n`;
      }
      case "deploy-request show": {
        const request = requests.get(Number(name));
        if (!request) throw new CliError(`Error: deploy request ${name} does not exist`);
        const { json: body, state } = deployRequestJson(Number(name));
        if (state.startsWith("complete") && state !== "complete_error" && !request.applied) {
          await applySchema(databaseOf(request.branch), databaseOf(request.into));
          request.applied = true;
        }
        request.shown++;
        return json ? JSON.stringify(body) : `${body.deployment.state}\n`;
      }
      case "deploy-request deploy":
      case "deploy-request apply":
      case "deploy-request close": {
        const request = requests.get(Number(name));
        if (!request) throw new CliError(`Error: deploy request ${name} does not exist`);
        const { state } = deployRequestJson(Number(name));
        const next = {
          deploy: ["ready", "deploying"],
          apply: ["pending_cutover", "cutover"],
          close: [state, "closed"],
        }[command!]!;
        if (state !== next[0]) throw new CliError(`Error: deploy request ${name} cannot ${command} at '${state}'`);
        Object.assign(request, { phase: next[1], shown: 0 });
        return `Deploy request ${database}/${name}: ${command} accepted.\n`;
      }
      default:
        throw new CliError(`Error: unknown command "${group} ${command}" for "pscale"`);
    }
  }

  function sst(args: string[], cwd: string, env: Record<string, string | undefined>): string {
    if (args[0] !== "deploy" || !flag(args, "stage")) throw new CliError(`sst: unexpected command ${args.join(" ")}`);
    if (!env.AWS_REGION || !env.AWS_ACCESS_KEY_ID) throw new CliError("✕  Could not load AWS credentials");
    mkdirSync(join(cwd, ".sst"), { recursive: true });
    writeFileSync(join(cwd, ".sst/outputs.json"), JSON.stringify(options.outputs));
    return `✓  Complete\n${Object.entries(options.outputs)
      .map(([key, value]) => `   ${key}: ${value}`)
      .join("\n")}\n`;
  }

  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const tool = request.url!.slice(1) as StubCall["tool"];
      const input = JSON.parse(body) as { args: string[]; cwd: string; env: Record<string, string | undefined> };
      const seen = [
        "PLANETSCALE_ORG",
        "AWS_REGION",
        ...Object.keys(input.env).filter((name) => name.startsWith("GOGH_")),
      ];
      calls.push({ tool, args: input.args, env: Object.fromEntries(seen.map((name) => [name, input.env[name]])) });
      const answer = async () => {
        if (tool === "pscale") return pscale(input.args, input.env);
        if (tool === "sst") return sst(input.args, input.cwd, input.env);
        throw new CliError(`aws: no stand-in for ${input.args.join(" ")}`);
      };
      answer().then(
        (stdout) => response.end(JSON.stringify({ stdout, stderr: "", exitCode: 0 })),
        (error: unknown) =>
          response.end(JSON.stringify({ stdout: "", stderr: `${(error as Error).message}\n`, exitCode: 1 })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  return {
    bin,
    caFile: tls.file,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    passwords,
    databaseOf,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const { simulator, proxy } of running) {
        proxy.close();
        await simulator.close();
      }
      for (const branch of new Set([...options.branches, ...branches.keys()]))
        await dropDatabase(mysql, databaseOf(branch));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
