import { type QueryResult, sql } from "kysely";
import type { Executor } from "../db";
import { forceIndex } from "../db/force-index";
import { reported, reportedValue } from "../db/reported";

export async function insertLedgerEntry(
  db: Executor,
  row: {
    id: string;
    userId: string;
    amount: number;
    reason: string;
    reference: string;
    balanceAfter: number;
    at: Date;
  },
) {
  await db
    .insertInto("wallet_ledger")
    .values({
      id: row.id,
      user_id: row.userId,
      amount: row.amount,
      reason: row.reason,
      reference: row.reference,
      balance_after: row.balanceAfter,
      created_at: row.at,
    })
    .execute();
}

/** What a balance change did: whether it moved the balance, and the balance after when the database said. */
export interface BalanceChange {
  moved: boolean;
  /** Undefined when the database reported no value (db/reported.ts): read the balance instead. */
  balanceAfter: number | undefined;
}

function changeOf(result: QueryResult<unknown>): BalanceChange {
  return { moved: result.numAffectedRows !== 0n, balanceAfter: reportedValue(result.insertId) };
}

/** Adds coins, opening the wallet on its first credit. MariaDB has no `AS new` alias, so the increment is spelled out. */
export async function addToBalance(db: Executor, userId: string, amount: number, at: Date): Promise<BalanceChange> {
  const result = await db.executeQuery(
    db
      .insertInto("wallets")
      .values({ user_id: userId, balance: reported(sql`${amount}`), updated_at: at })
      .onDuplicateKeyUpdate({ balance: reported(sql`balance + ${amount}`), updated_at: at }),
  );
  return changeOf(result);
}

/** Takes coins only when the wallet holds at least `amount` (not moved otherwise): balances never go negative. */
export async function takeFromBalance(db: Executor, userId: string, amount: number, at: Date): Promise<BalanceChange> {
  const result = await db.executeQuery(
    db
      .updateTable("wallets")
      .set({ balance: reported(sql`balance - ${amount}`), updated_at: at })
      .where("user_id", "=", userId)
      .where("balance", ">=", sql<string>`${amount}`),
  );
  return changeOf(result);
}

export async function findBalance(db: Executor, userId: string): Promise<number> {
  const row = await db.selectFrom("wallets").select("balance").where("user_id", "=", userId).executeTakeFirst();
  return row ? Number(row.balance) : 0;
}

/** Through (user_id, id) by force, so that a later page reads only its own rows (see forceIndex). */
export async function findLedgerPage(db: Executor, query: { userId: string; beforeId?: string; limit: number }) {
  let select = db
    .selectFrom(forceIndex("wallet_ledger", "wallet_ledger_user"))
    .select(["id", "amount", "reason", "reference", "balance_after", "created_at"])
    .where("user_id", "=", query.userId);
  if (query.beforeId) select = select.where("id", "<", query.beforeId);
  return select
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
}
