// Wallets: each person's coin balance and the ledger that explains it. Other modules pay and
// charge through credit and debit, inside their own transactions, idempotently per reference.
import * as z from "zod/mini";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { db, type Executor, isDuplicateKey, withinTransaction } from "../db";
import { Conflict } from "../error";
import { fn, parse } from "../fn";
import { Id, newId } from "../id";
import * as repo from "./repo";
import { Change, LedgerQuery, type LedgerPage } from "./schema";

export * from "./schema";

const LedgerAfter = z.tuple([Id]);

/**
 * Adds coins. Run it with the caller's transaction so the payment commits with what it pays
 * for; a (userId, reason, reference) seen before was already credited and changes nothing.
 */
export async function credit(
  executor: Executor,
  change: Change,
): Promise<{ credited: true; balance: number } | { credited: false }> {
  const balance = await record(executor, parse(Change, change), "credit");
  return balance === undefined ? { credited: false } : { credited: true, balance };
}

/** Takes coins, or refuses with 409 insufficient_funds; a repeated reference changes nothing. */
export async function debit(
  executor: Executor,
  change: Change,
): Promise<{ debited: true; balance: number } | { debited: false }> {
  const balance = await record(executor, parse(Change, change), "debit");
  return balance === undefined ? { debited: false } : { debited: true, balance };
}

/** The ledger row, then the balance, in one transaction; undefined when the reference was seen before. */
async function record(executor: Executor, change: Change, kind: "credit" | "debit"): Promise<number | undefined> {
  const { userId, amount, reason, reference } = change;
  return withinTransaction(executor, async (tx) => {
    const at = now();
    const id = newId(at.getTime());
    const signed = kind === "credit" ? amount : -amount;
    if (!(await insertOnce(tx, { id, userId, amount: signed, reason, reference, at }))) return undefined;
    if (kind === "credit") await repo.addToBalance(tx, userId, amount, at);
    // Throwing rolls the ledger row back with the transaction.
    else if (!(await repo.takeFromBalance(tx, userId, amount, at))) {
      throw new Conflict("Not enough coins.", "insufficient_funds");
    }
    const balance = await repo.findBalance(tx, userId);
    await repo.setBalanceAfter(tx, id, balance);
    return balance;
  });
}

export const balanceOf = fn(z.object({ userId: Id }), async ({ userId }) => repo.findBalance(db(), userId));

/** Newest first, paged by the ledger id. */
export const ledger = fn(LedgerQuery, async ({ userId, cursor, limit }): Promise<LedgerPage> => {
  const beforeId = cursor === undefined ? undefined : decodeCursor(LedgerAfter, cursor)[0];
  const rows = await repo.findLedgerPage(db(), { userId, beforeId, limit });
  const { page, nextCursor } = pageOf(rows, limit, (row) => [row.id]);
  return {
    items: page.map((row) => ({
      id: row.id,
      amount: Number(row.amount),
      reason: row.reason,
      reference: row.reference,
      balanceAfter: Number(row.balance_after),
      createdAt: row.created_at.toISOString(),
    })),
    nextCursor,
  };
});

/** False when the ledger already holds this (user, reason, reference). */
async function insertOnce(tx: Executor, row: Parameters<typeof repo.insertLedgerEntry>[1]): Promise<boolean> {
  try {
    await repo.insertLedgerEntry(tx, row);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
