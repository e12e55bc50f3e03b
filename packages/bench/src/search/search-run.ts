// One population size: every kind of name search through the local gateway (p50/p99 and the
// rows MariaDB read per row returned), beside the scan a `LIKE '%q%'` search costs.
import type { Connection, Pool } from "mysql2";
import { foldForSearch } from "@gogh/core/profile/testing";
import { drive, type gatewayClient, type LoadOptions, type LoadResult, rawRequest, summarizeLoad } from "../load";
import { measureWork, rowsReadBy } from "./rows-read";

export interface SearchKind {
  kind: string;
  q: string;
  /** 1 for the first page; later pages are reached by following cursors. */
  page: number;
}

export interface SearchMeasure {
  kind: string;
  q: string;
  page: number;
  returned: number;
  rowsRead: number;
  /** Rows read for each row returned (for none, the rows read). */
  rowsPerRow: number;
  gateway: LoadResult;
  baseline?: { rowsRead: number; load: LoadResult };
}

type Client = ReturnType<typeof gatewayClient>;

export interface SearchRunOptions {
  gatewayUrl: string;
  client: Client;
  /** A searcher's access token, taking turns among many so that none reaches the search limit. */
  token: () => string;
  connection: Connection;
  pool: Pool;
  load: LoadOptions;
  baselineLoad: LoadOptions;
  pageSize: number;
}

const searchPath = (q: string, limit: number, cursor?: string) =>
  `/v1/users/search?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;

/** Follows cursors to page `page` (or the last page there is); the cursor that opens it. */
async function cursorOf(options: SearchRunOptions, kind: SearchKind): Promise<{ cursor?: string; page: number }> {
  let cursor: string | undefined;
  let page = 1;
  while (page < kind.page) {
    const { status, body } = await options.client.request(
      `${options.gatewayUrl}${searchPath(kind.q, options.pageSize, cursor)}`,
      options.token(),
    );
    if (status !== 200) throw new Error(`search for ${kind.q} answered ${status}: ${body}`);
    const next = (JSON.parse(body) as { nextCursor: string | null }).nextCursor;
    if (!next) break;
    cursor = next;
    page++;
  }
  return { cursor, page };
}

/**
 * The old search's cost for comparison: every profile whose folded name holds the query, ranked
 * exact, prefix, partial by a computed expression, so that the whole table is read and sorted.
 */
export function likeScan(connection: Connection, q: string, limit: number): string {
  const folded = foldForSearch(q);
  const escaped = folded.replace(/[\\%_]/g, (c) => `\\${c}`);
  return `SELECT user_id, friend_id, name, bio, avatar_key FROM profiles WHERE search_name LIKE ${connection.escape(`%${escaped}%`)}
    ORDER BY CASE WHEN search_name = ${connection.escape(folded)} THEN 0 WHEN search_name LIKE ${connection.escape(`${escaped}%`)} THEN 1 ELSE 2 END,
    search_name, user_id LIMIT ${limit + 1}`;
}

/** A kind's page made ready: the URL of its page (cursor included) and the rows MariaDB read for it. */
export interface PreparedKind {
  kind: SearchKind;
  url: string;
  page: number;
  returned: number;
  rowsRead: number;
}

export async function prepareSearchKind(options: SearchRunOptions, kind: SearchKind): Promise<PreparedKind> {
  const { cursor, page } = await cursorOf(options, kind);
  const url = `${options.gatewayUrl}${searchPath(kind.q, options.pageSize, cursor)}`;
  const once = await measureWork(options.connection, () => options.client.request(url, options.token()));
  if (once.result.status !== 200) throw new Error(`search for ${kind.q} answered ${once.result.status}`);
  const returned = (JSON.parse(once.result.body) as { items: unknown[] }).items.length;
  return { kind, url, page, returned, rowsRead: once.rowsRead };
}

/**
 * Every kind's page through the gateway in one run, interleaved (request i asks for kind i mod
 * kinds), so that what else the machine does weighs on every kind alike and their p99s compare.
 */
export async function driveInterleaved(options: SearchRunOptions, kinds: PreparedKind[]): Promise<LoadResult[]> {
  const issue = async (kind: PreparedKind) => (await options.client.request(kind.url, options.token())).status === 200;
  for (const kind of kinds) for (let warm = 0; warm < options.load.warmupRequests; warm++) await issue(kind);
  const latencies = kinds.map((): number[] => []);
  const errors = kinds.map(() => 0);
  const total = options.load.requests * kinds.length;
  let started = 0;
  const start = performance.now();
  // The time cap is per kind, as for the runs of one kind.
  const deadline = start + options.load.timeCapMs * kinds.length;
  const worker = async () => {
    while (started < total && performance.now() < deadline) {
      const index = started++ % kinds.length;
      const sent = performance.now();
      const ok = await issue(kinds[index]!).catch(() => false);
      latencies[index]!.push(performance.now() - sent);
      if (!ok) errors[index]!++;
    }
  };
  await Promise.all(Array.from({ length: options.load.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return kinds.map((_, index) => summarizeLoad(latencies[index]!, errors[index]!, seconds, options.load.requests));
}

/** The `LIKE '%q%'` scan for the same query, on the raw pool (first pages only). */
export async function measureBaseline(options: SearchRunOptions, kind: PreparedKind) {
  if (kind.page !== 1) return undefined;
  const scan = likeScan(options.connection, kind.kind.q, options.pageSize);
  return {
    rowsRead: await rowsReadBy(options.connection, [scan]),
    load: await drive(rawRequest(options.pool, [scan]), options.baselineLoad),
  };
}

export function searchMeasure(
  prepared: PreparedKind,
  gateway: LoadResult,
  baseline: SearchMeasure["baseline"],
): SearchMeasure {
  return {
    kind: prepared.kind.kind,
    q: prepared.kind.q,
    page: prepared.page,
    returned: prepared.returned,
    rowsRead: prepared.rowsRead,
    rowsPerRow: Math.round((prepared.rowsRead / Math.max(prepared.returned, 1)) * 100) / 100,
    gateway,
    ...(baseline ? { baseline } : {}),
  };
}
