// Wallets: each person's coin balance and the ledger that explains it. Other modules pay and
// charge through creditWithin and debitWithin, inside their own transactions, once per reference.
import * as z from "zod/mini";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { Conflict } from "../error";
import { fn, parse } from "../fn";
import { Id, newId } from "../id";
import * as repo from "./repo";
import { Change, LedgerQuery, type LedgerPage } from "./schema";

export * from "./schema";

const LedgerAfter = z.tuple([Id]);

/** Adds coins in a transaction of its own (scripts, tests); answers the balance after. */
export const credit = fn(Change, (change) => transaction((tx) => creditWithin(tx, change)));

/** Takes coins in a transaction of its own, or refuses with 409 insufficient_funds. */
export const debit = fn(Change, (change) => transaction((tx) => debitWithin(tx, change)));

/**
 * Adds coins in the caller's transaction, so the payment commits with what it pays for, and
 * answers the balance after. Each (userId, reason, reference) pays once: the caller makes sure
 * of it (a new id, a locked row), so one seen before is a bug that rolls the caller back.
 */
export function creditWithin(tx: Executor, change: Change): Promise<number> {
  return record(tx, parse(Change, change), "credit");
}

/** Takes coins in the caller's transaction, or refuses with 409 insufficient_funds; answers the balance after. */
export function debitWithin(tx: Executor, change: Change): Promise<number> {
  return record(tx, parse(Change, change), "debit");
}

/** The balance, then the ledger row that explains it: two statements. */
async function record(tx: Executor, change: Change, kind: "credit" | "debit"): Promise<number> {
  const { userId, amount, reason, reference } = change;
  const at = now();
  const moved =
    kind === "credit"
      ? await repo.addToBalance(tx, userId, amount, at)
      : await repo.takeFromBalance(tx, userId, amount, at);
  if (!moved.moved) throw new Conflict("Not enough coins.", "insufficient_funds");
  // The wallet's row is locked by the change: the balance read here is the one after it.
  const balanceAfter = moved.balanceAfter ?? (await repo.findBalance(tx, userId));
  // Throwing rolls the balance back with the transaction.
  await insertOnce(tx, {
    id: newId(at.getTime()),
    userId,
    amount: kind === "credit" ? amount : -amount,
    reason,
    reference,
    balanceAfter,
    at,
  });
  return balanceAfter;
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

/** The ledger row; a (user, reason, reference) it already holds was paid before: a bug of the caller's. */
async function insertOnce(tx: Executor, row: Parameters<typeof repo.insertLedgerEntry>[1]): Promise<void> {
  try {
    await repo.insertLedgerEntry(tx, row);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    throw new Error(`The ledger already holds ${row.reason} ${row.reference}: a change is paid once.`, {
      cause: error,
    });
  }
}
