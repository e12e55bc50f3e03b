// The economy under load, through the real handlers in-process: catalog reads (served from the
// Lambda's memory, so they should cost neither queries nor Momento operations), purchases by
// many people at once, and one purchase retried by 50 concurrent calls with the same key.
import { db } from "@gogh/core/db";
import * as Item from "@gogh/core/item";
import * as Wallet from "@gogh/core/wallet";
import type { Caller } from "@gogh/functions/example";
import { call } from "@gogh/functions/testing";
import { sql } from "kysely";
import { type LoadResult, summarizeLoad } from "./load";

export interface CatalogReadResult extends LoadResult {
  /** Totals over the measured reads, from their request log lines. */
  dbQueries: number;
  cacheOps: number;
}

export interface PurchaseResult extends LoadResult {
  queries: number;
  /** 50 calls with one key at once: how many charged, and whether every balance equals its ledger. */
  sameKeyCalls: number;
  sameKeyCharges: number;
  ledgerMatchesBalances: boolean;
}

async function timed(count: number, concurrency: number, issue: (index: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const sent = performance.now();
      if (!(await issue(index))) errors++;
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarizeLoad(latencies, errors, (performance.now() - started) / 1000, count);
}

export async function measureCatalogRead(
  caller: Caller,
  reads: number,
  concurrency: number,
): Promise<CatalogReadResult> {
  let dbQueries = 0;
  let cacheOps = 0;
  await call("GET /v1/items", { token: caller.accessToken });
  const result = await timed(reads, concurrency, async () => {
    const response = await call("GET /v1/items", { token: caller.accessToken, query: { kind: "furniture" } });
    dbQueries += response.log.dbQueries;
    cacheOps += response.log.cacheOps;
    return response.status === 200;
  });
  return { ...result, dbQueries, cacheOps };
}

export async function measurePurchases(
  newCaller: () => Promise<Caller>,
  purchases: number,
  concurrency: number,
): Promise<PurchaseResult> {
  const forSale = (await Item.catalog()).items.filter((item) => item.price !== null && item.availableFrom === null);
  const buyers: Caller[] = [];
  for (let index = 0; index < Math.ceil(purchases / forSale.length); index++) {
    const buyer = await newCaller();
    await Wallet.credit({ userId: buyer.userId, amount: 100_000, reason: "grant", reference: "bench" });
    buyers.push(buyer);
  }
  let queries = 0;
  const result = await timed(purchases, concurrency, async (index) => {
    const buyer = buyers[Math.floor(index / forSale.length)]!;
    const item = forSale[index % forSale.length]!;
    const response = await call("POST /v1/items/{id}/purchase", {
      token: buyer.accessToken,
      path: { id: item.id },
      headers: { "idempotency-key": `bench-${buyer.userId}-${item.id}` },
    });
    queries = Math.max(queries, response.log.dbQueries);
    return response.status === 201;
  });

  const storm = await newCaller();
  await Wallet.credit({ userId: storm.userId, amount: 1_000, reason: "grant", reference: "bench" });
  const sameKeyCalls = 50;
  await Promise.all(
    Array.from({ length: sameKeyCalls }, () =>
      call("POST /v1/items/{id}/purchase", {
        token: storm.accessToken,
        path: { id: forSale[0]!.id },
        headers: { "idempotency-key": "bench-same-key" },
      }),
    ),
  );
  const { rows } = await sql<{ charges: string }>`
    SELECT COUNT(*) AS charges FROM wallet_ledger WHERE user_id = ${storm.userId} AND reason = 'shop'`.execute(db());
  const mismatched = await sql<{ user_id: string }>`
    SELECT w.user_id FROM wallets w
    WHERE w.balance <> (SELECT COALESCE(SUM(l.amount), 0) FROM wallet_ledger l WHERE l.user_id = w.user_id)
    LIMIT 1`.execute(db());
  return {
    ...result,
    queries,
    sameKeyCalls,
    sameKeyCharges: Number(rows[0]?.charges ?? 0),
    ledgerMatchesBalances: mismatched.rows.length === 0,
  };
}
