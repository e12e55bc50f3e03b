// Warm throughput: the local gateway (route() wrapper, Kysely, PlanetScale driver, simulator)
// against a bare mysql2 pool issuing the very SQL the route sent, at the same concurrency.
import { Agent, get } from "node:http";
import { createPool, type Pool, type PoolConnection } from "mysql2";
import { mysql8Session, type MysqlTarget, query } from "@gogh/local/mysql";
import { median, percentile, round } from "./stats";

export interface LoadOptions {
  requests: number;
  concurrency: number;
  timeCapMs: number;
  warmupRequests: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The time cap ended the run before the request count was reached. */
  cappedByTime: boolean;
  firstError?: string;
}

/** Runs `issue` (true = success) up to `requests` times, `concurrency` at once, after a short warm-up. */
export async function drive(issue: () => Promise<boolean>, options: LoadOptions): Promise<LoadResult> {
  await runWorkers(issue, { ...options, requests: options.warmupRequests });
  return runWorkers(issue, options);
}

async function runWorkers(issue: () => Promise<boolean>, options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + options.timeCapMs;
  const worker = async () => {
    while (started < options.requests && performance.now() < deadline) {
      started++;
      const sent = performance.now();
      const ok = await issue().catch((error: unknown) => {
        firstError ??= String(error);
        return false;
      });
      latencies.push(performance.now() - sent);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return summarizeLoad(latencies, errors, (performance.now() - start) / 1000, options.requests, firstError);
}

/** A run's latencies (ms) and failures as a LoadResult; `wanted` is the request count it aimed for. */
export function summarizeLoad(
  latencies: number[],
  errors: number,
  seconds: number,
  wanted: number,
  firstError?: string,
): LoadResult {
  return {
    requests: latencies.length,
    errors,
    seconds: round(seconds, 2),
    requestsPerSecond: round(latencies.length / seconds),
    p50Ms: round(median(latencies), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    cappedByTime: latencies.length < wanted,
    ...(firstError ? { firstError } : {}),
  };
}

/** A keep-alive HTTP client for the gateway: node:http, so that it never goes through the fetch we watch. */
export function gatewayClient(concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const request = (url: string, token: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      get(url, { agent, headers: { authorization: `Bearer ${token}`, "user-agent": "gogh-bench" } }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        response.on("error", reject);
      }).on("error", reject);
    });
  return { request, close: () => agent.destroy() };
}

/**
 * The SQL a piece of work sent to the database: the core adapter POSTs every statement with the
 * global fetch to …/psdb.v1alpha1.Database/Execute as `{ query, session }`, fully interpolated.
 */
export async function captureQueries(work: () => Promise<void>): Promise<string[]> {
  const original = globalThis.fetch;
  const statements: string[] = [];
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith("/Execute") && typeof init?.body === "string")
      statements.push((JSON.parse(init.body) as { query: string }).query);
    return original(input, init);
  };
  try {
    await work();
  } finally {
    globalThis.fetch = original;
  }
  return statements;
}

/** A mysql2 pool of exactly `size` connections, each with the simulator's MySQL 8 session settings. */
export async function openRawPool(target: MysqlTarget, database: string, size: number): Promise<Pool> {
  const pool = createPool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database,
    charset: "UTF8MB4_UNICODE_CI",
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectionLimit: size,
  });
  const connections = await Promise.all(Array.from({ length: size }, () => acquire(pool)));
  for (const connection of connections) {
    for (const statement of mysql8Session) await query(connection, statement);
    connection.release();
  }
  return pool;
}

export function acquire(pool: Pool): Promise<PoolConnection> {
  return new Promise((resolve, reject) =>
    pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))),
  );
}

/** One "request" of the raw loop: the route's statements in order, on one pooled connection. */
export function rawRequest(pool: Pool, statements: string[]): () => Promise<boolean> {
  return async () => {
    const connection = await acquire(pool);
    try {
      for (const statement of statements) await query(connection, statement);
      return true;
    } finally {
      connection.release();
    }
  };
}
