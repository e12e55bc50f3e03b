import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { Unavailable } from "../error";
import { afterCommit, db, type Executor, transaction } from "./index";

// Rows to fight over: a table of this test file's own database.
beforeAll(async () => {
  await sql`CREATE TABLE contention_test (id INT NOT NULL, n INT NOT NULL, PRIMARY KEY (id))`.execute(db());
  await sql`INSERT INTO contention_test (id, n) VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0)`.execute(db());
});

const bump = (tx: Executor, from: number, to = from) =>
  sql`UPDATE contention_test SET n = n + 1 WHERE id BETWEEN ${from} AND ${to}`.execute(tx);

/**
 * Work that the database chooses as a deadlock victim on each of its first `times` attempts: it
 * holds row 1 and asks for row 2 while a heavier transaction (rows 2 to 6, the database rolls
 * back the lighter one) holds row 2 and asks for row 1.
 */
function deadlockedWork(times: number) {
  const rivals: Promise<unknown>[] = [];
  let attempts = 0;
  const work = async (tx: Executor) => {
    attempts++;
    await bump(tx, 1);
    if (attempts <= times) {
      let rivalHolds!: () => void;
      const held = new Promise<void>((resolve) => (rivalHolds = resolve));
      rivals.push(
        db()
          .transaction()
          .execute(async (rival) => {
            await bump(rival, 2, 6);
            rivalHolds();
            await bump(rival, 1);
          }),
      );
      await held;
    }
    await bump(tx, 2);
    return "done";
  };
  return { work, attempts: () => attempts, rivals: () => Promise.all(rivals) };
}

describe("a transaction", () => {
  it("is run again when the database chose it as a deadlock victim, and commits once", async () => {
    const deadlocked = deadlockedWork(2);
    expect(await transaction(deadlocked.work)).toBe("done");
    await deadlocked.rivals();
    expect(deadlocked.attempts()).toBe(3);
  });

  it("answers 503 contention with Retry-After when the deadlocks outlast the retries, and writes nothing", async () => {
    const before = await sql<{ n: number }>`SELECT n FROM contention_test WHERE id = 1`.execute(db());
    const deadlocked = deadlockedWork(Number.POSITIVE_INFINITY);
    const error = await transaction(deadlocked.work).catch((caught: unknown) => caught);
    await deadlocked.rivals();
    expect(error).toBeInstanceOf(Unavailable);
    expect(error).toMatchObject({ status: 503, code: "contention", retryAfter: 1 });
    expect(deadlocked.attempts()).toBe(5);
    // Only the rivals' own increments of row 1 landed.
    const after = await sql<{ n: number }>`SELECT n FROM contention_test WHERE id = 1`.execute(db());
    expect(Number(after.rows[0]!.n)).toBe(Number(before.rows[0]!.n) + 5);
  });
});

async function countOf(id: number): Promise<number> {
  const row = await sql<{ n: number }>`SELECT n FROM contention_test WHERE id = ${id}`.execute(db());
  return Number(row.rows[0]!.n);
}

describe("effects queued with afterCommit", () => {
  it("run once the transaction commits, in order, and see what it wrote", async () => {
    const seen: string[] = [];
    const before = await countOf(3);
    await transaction(async (tx) => {
      await bump(tx, 3);
      afterCommit(tx, async () => {
        seen.push(`first saw ${(await countOf(3)) - before}`);
      });
      afterCommit(tx, async () => void seen.push("second"));
      seen.push("work done");
    });
    expect(seen).toEqual(["work done", "first saw 1", "second"]);
  });

  it("never run when the transaction rolls back", async () => {
    let ran = false;
    const before = await countOf(4);
    await expect(
      transaction(async (tx) => {
        afterCommit(tx, async () => void (ran = true));
        await bump(tx, 4);
        throw new Error("after the change");
      }),
    ).rejects.toThrow("after the change");
    expect(ran).toBe(false);
    expect(await countOf(4)).toBe(before);
  });

  it("run once for a transaction rerun after a deadlock: a rolled-back attempt's effects are dropped", async () => {
    const deadlocked = deadlockedWork(1);
    let runs = 0;
    await transaction(async (tx) => {
      afterCommit(tx, async () => void runs++);
      return deadlocked.work(tx);
    });
    await deadlocked.rivals();
    expect(deadlocked.attempts()).toBe(2);
    expect(runs).toBe(1);
  });

  it("cannot be queued outside a transaction", () => {
    expect(() => afterCommit(db(), async () => {})).toThrow(/transaction/);
  });
});
