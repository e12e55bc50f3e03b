// `pnpm admin:create-operator --email <email> [--name <name>] [--role admin|moderator|viewer] [--target <planetscale-url>]`:
// creates a console operator, the first admin included. There is no default password: it is
// read from GOGH_ADMIN_PASSWORD, or from stdin (typed without echo at a terminal, or piped).
// Without --target it writes to the local development database through the simulator.
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import * as Admin from "@gogh/core/admin";
import { AppError } from "@gogh/core/error";
import { startStack } from "./stack";

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
      target: { type: "string" },
    },
  });
  if (!values.email) throw new Error("Give the operator's email with --email.");
  const password = process.env.GOGH_ADMIN_PASSWORD ?? (await readPassword());
  if (!password) throw new Error("No password: set GOGH_ADMIN_PASSWORD or type it on stdin.");

  const target = values.target ?? process.env.DATABASE_TARGET_URL;
  const stack = target ? undefined : await startStack({ database: process.env.GOGH_DATABASE ?? "gogh_dev" });
  if (target) pointAt(target);
  try {
    const operator = await Admin.createOperator({
      email: values.email,
      name: values.name ?? values.email.split("@")[0]!,
      role: values.role as Admin.Role,
      password,
    });
    process.stdout.write(`Created ${operator.role} ${operator.email} (${operator.id}).\n`);
  } finally {
    await stack?.close();
  }
}

/** The same link the deployed Lambdas read, built from a PlanetScale-protocol URL. */
function pointAt(target: string) {
  const url = new URL(target);
  const host = url.protocol === "http:" ? `http://${url.host}` : url.host;
  process.env.SST_RESOURCE_Database = JSON.stringify({
    type: "sst.sst.Linkable",
    host,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  // At a terminal: prompt, and echo nothing of what is typed.
  process.stdout.write("Password: ");
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: muted, terminal: true });
  const answer = await prompt.question("");
  prompt.close();
  process.stdout.write("\n");
  return answer;
}

main().catch((error: unknown) => {
  // A refusal (taken email, short password) is said plainly; anything else keeps its stack.
  if (error instanceof AppError) {
    process.stderr.write(`${error.message}\n`);
    for (const detail of error.details ?? []) process.stderr.write(`  ${detail.path}: ${detail.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
