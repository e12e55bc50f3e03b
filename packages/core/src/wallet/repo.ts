import { sql } from "kysely";
import type { Executor } from "../db";
import { forceIndex } from "../db/force-index";

export async function insertLedgerEntry(
  db: Executor,
  row: { id: string; userId: string; amount: number; reason: string; reference: string; at: Date },
) {
  await db
    .insertInto("wallet_ledger")
    .values({
      id: row.id,
      user_id: row.userId,
      amount: row.amount,
      reason: row.reason,
      reference: row.reference,
      // Filled in once the balance has moved, in the same transaction.
      balance_after: 0,
      created_at: row.at,
    })
    .execute();
}

export async function setBalanceAfter(db: Executor, id: string, balance: number) {
  await db.updateTable("wallet_ledger").set({ balance_after: balance }).where("id", "=", id).execute();
}

/** MariaDB has no `AS new` alias for the inserted row, so the increment is spelled out. */
export async function addToBalance(db: Executor, userId: string, amount: number, at: Date) {
  await db
    .insertInto("wallets")
    .values({ user_id: userId, balance: amount, updated_at: at })
    .onDuplicateKeyUpdate({ balance: sql`balance + ${amount}`, updated_at: at })
    .execute();
}

/** False when the wallet holds less than `amount` (or does not exist): balances never go negative. */
export async function takeFromBalance(db: Executor, userId: string, amount: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("wallets")
    .set({ balance: sql`balance - ${amount}`, updated_at: at })
    .where("user_id", "=", userId)
    .where("balance", ">=", sql<string>`${amount}`)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
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
