import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as Account from "../account";
import { db, type Executor, transaction } from "../db";
import { trackUsage } from "../usage";
import { rowCounts } from "../db/testing";
import * as Wallet from "./index";

async function newUser(): Promise<string> {
  return (await Account.signup({})).userId;
}

async function ledgerSum(userId: string): Promise<number> {
  const { rows } = await sql<{ total: string | null }>`
    SELECT SUM(amount) AS total FROM wallet_ledger WHERE user_id = ${userId}`.execute(db());
  return Number(rows[0]?.total ?? 0);
}

describe("wallet", () => {
  it("holds nothing before the first credit", async () => {
    expect(await Wallet.balanceOf({ userId: await newUser() })).toBe(0);
  });

  it("credits once per reference, answering the balance after, and refuses the reference again", async () => {
    const userId = await newUser();
    const change = { userId, amount: 30, reason: "focus", reference: "session-1" };
    expect(await Wallet.credit(change)).toBe(30);
    const counts = await rowCounts();
    await expect(Wallet.credit(change)).rejects.toThrow(/paid once/);
    expect(await rowCounts()).toEqual(counts);
    expect(await Wallet.credit({ ...change, reference: "session-2", amount: 5 })).toBe(35);
    expect(await Wallet.balanceOf({ userId })).toBe(35);
  });

  it("credits once when the same reference arrives many times at once", async () => {
    const userId = await newUser();
    const change = { userId, amount: 7, reason: "focus", reference: "same" };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => Wallet.credit(change)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await Wallet.balanceOf({ userId })).toBe(7);
  });

  it("commits and rolls back with the caller's transaction", async () => {
    const userId = await newUser();
    await expect(
      transaction(async (tx) => {
        await Wallet.creditWithin(tx, { userId, amount: 10, reason: "focus", reference: "rolled-back" });
        throw new Error("the caller failed");
      }),
    ).rejects.toThrow("the caller failed");
    expect(await Wallet.balanceOf({ userId })).toBe(0);
    expect(await ledgerSum(userId)).toBe(0);
  });

  it("refuses a debit that would go negative and writes nothing", async () => {
    const userId = await newUser();
    await Wallet.credit({ userId, amount: 10, reason: "focus", reference: "a" });
    const counts = await rowCounts();
    await expect(Wallet.debit({ userId, amount: 11, reason: "shop", reference: "b" })).rejects.toMatchObject({
      status: 409,
      code: "insufficient_funds",
    });
    expect(await rowCounts()).toEqual(counts);
    expect(await Wallet.debit({ userId, amount: 10, reason: "shop", reference: "b" })).toBe(0);
  });

  it("refuses a debit from someone who never had coins", async () => {
    await expect(
      Wallet.debit({ userId: await newUser(), amount: 1, reason: "shop", reference: "x" }),
    ).rejects.toMatchObject({ code: "insufficient_funds" });
  });

  it("refuses amounts that are not positive whole numbers", async () => {
    const userId = await newUser();
    for (const amount of [0, -5, 1.5]) {
      await expect(Wallet.credit({ userId, amount, reason: "focus", reference: "r" })).rejects.toMatchObject({
        status: 400,
      });
    }
  });

  it("keeps the ledger sum equal to the balance through 50 concurrent credits and debits", async () => {
    const userId = await newUser();
    await Wallet.credit({ userId, amount: 100, reason: "focus", reference: "seed" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        index % 2 === 0
          ? Wallet.credit({ userId, amount: 3 + (index % 7), reason: "focus", reference: `c${index}` })
          : Wallet.debit({ userId, amount: 10 + (index % 13), reason: "shop", reference: `d${index}` }),
      ),
    );
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "insufficient_funds" });
    }
    const balance = await Wallet.balanceOf({ userId });
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(await ledgerSum(userId)).toBe(balance);
    // Each entry's balance after is the sum of the entries up to it: the balance its change left.
    const { rows } = await sql<{ amount: string; balance_after: string }>`
      SELECT amount, balance_after FROM wallet_ledger WHERE user_id = ${userId} ORDER BY id`.execute(db());
    let running = 0;
    for (const row of rows) {
      running += Number(row.amount);
      expect(Number(row.balance_after)).toBe(running);
    }
    expect(running).toBe(balance);
  });

  it("changes a balance in two statements, the change itself answering the balance after", async () => {
    const userId = await newUser();
    const change = (work: (tx: Executor) => Promise<number>) => {
      const { usage, result } = trackUsage(() => transaction(work));
      return result.then((balance) => ({ balance, queries: usage.dbQueries }));
    };
    const opened = await change((tx) =>
      Wallet.creditWithin(tx, { userId, amount: 40, reason: "focus", reference: "o" }),
    );
    const taken = await change((tx) => Wallet.debitWithin(tx, { userId, amount: 40, reason: "shop", reference: "t" }));
    const added = await change((tx) => Wallet.creditWithin(tx, { userId, amount: 7, reason: "focus", reference: "a" }));
    // BEGIN, the balance, the ledger row, COMMIT; a balance of 0 is told apart from none reported.
    expect([opened, taken, added]).toEqual([
      { balance: 40, queries: 4 },
      { balance: 0, queries: 4 },
      { balance: 7, queries: 4 },
    ]);
    const ledger = await Wallet.ledger({ userId, limit: 10 });
    expect(ledger.items.map((entry) => entry.balanceAfter)).toEqual([7, 0, 40]);
  });

  it("pages the ledger newest first, each entry once", async () => {
    const userId = await newUser();
    for (let index = 0; index < 5; index++) {
      await Wallet.credit({ userId, amount: index + 1, reason: "focus", reference: `p${index}` });
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await Wallet.ledger({ userId, cursor, limit: 2 });
      seen.push(...page.items.map((entry) => entry.amount));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });
});
