import { connect, DatabaseError } from "@planetscale/database";
import { type Generated, Kysely } from "kysely";
import { PlanetScaleDialect } from "kysely-planetscale";
import type { Connection as MysqlConnection } from "mysql2";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { connectMysql, query } from "../mysql";
import { ownDatabase } from "../test/own-database";
import { startPlanetScaleSimulator, type Simulator } from "./index";

const { target, database } = ownDatabase("gogh_test_tx");
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database });
  const connection = connect({ url: simulator.url });
  await connection.execute(
    "CREATE TABLE notes (id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY, body VARCHAR(100) NOT NULL)",
  );
  // AUTO_INCREMENT only to check that insertId comes back as PlanetScale sends it; the app's
  // own tables use application-made ids.
  await connection.execute(
    "CREATE TABLE counters (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, hits INT NOT NULL)",
  );
});

afterAll(async () => {
  await simulator?.close();
});

beforeEach(async () => {
  await connect({ url: simulator.url }).execute("DELETE FROM notes");
});

interface DB {
  notes: { id: string; body: string };
  counters: { id: Generated<string>; hits: number };
}

const kysely = (url = simulator.url) => new Kysely<DB>({ dialect: new PlanetScaleDialect({ url }) });

/** Statements `SELECT SLEEP(…)` MySQL is running now, seen from outside the simulator. */
async function runningSleeps(): Promise<number> {
  const result = await connect({ url: simulator.url }).execute(
    "SELECT COUNT(*) AS running FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(5)%'",
  );
  return Number((result.rows[0] as { running: string }).running);
}

async function noteIds(): Promise<string[]> {
  const result = await connect({ url: simulator.url }).execute("SELECT id FROM notes ORDER BY id");
  return result.rows.map((row) => (row as { id: string }).id);
}

/** Resolves once `parties` callers are waiting, so two transactions can be interleaved on purpose. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    waiting++;
    if (waiting === parties) release();
    return all;
  };
}

describe("results of writes", () => {
  it("reports rowsAffected and insertId as the driver expects", async () => {
    const connection = connect({ url: simulator.url });
    const first = await connection.execute("INSERT INTO counters (hits) VALUES (1), (2)");
    expect(first.rowsAffected).toBe(2);
    expect(first.insertId).toMatch(/^[1-9]\d*$/); // the first id of the batch, as a string
    const updated = await connection.execute("UPDATE counters SET hits = hits + 10 WHERE id >= ?", [first.insertId]);
    expect(updated.rowsAffected).toBe(2);
    const selected = await connection.execute("SELECT hits FROM counters WHERE id >= ?", [first.insertId]);
    expect(selected.rowsAffected).toBe(0);
    expect(selected.insertId).toBe("0");
  });

  it("counts matched rows for an UPDATE that changes nothing, as PlanetScale's clientFoundRows session does", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("INSERT INTO notes (id, body) VALUES ('N1', 'same')");
    const unchanged = await connection.execute("UPDATE notes SET body = 'same' WHERE id = 'N1'");
    expect(unchanged.rowsAffected).toBe(1);
    const deleted = await connection.execute("DELETE FROM notes WHERE id IN ('N1', 'missing')");
    expect(deleted.rowsAffected).toBe(1);
  });

  it("gives Kysely insertId and numAffectedRows as bigints", async () => {
    const result = await kysely().insertInto("counters").values({ hits: 5 }).executeTakeFirstOrThrow();
    expect(typeof result.insertId).toBe("bigint");
    expect(result.insertId! > 0n).toBe(true);
    expect(result.numInsertedOrUpdatedRows).toBe(1n);
  });
});

describe("transactions through the driver", () => {
  it("persists a committed transaction", async () => {
    const connection = connect({ url: simulator.url });
    const returned = await connection.transaction(async (tx) => {
      await tx.execute("INSERT INTO notes (id, body) VALUES ('C1', 'one')");
      await tx.execute("INSERT INTO notes (id, body) VALUES ('C2', 'two')");
      return "done";
    });
    expect(returned).toBe("done");
    expect(await noteIds()).toEqual(["C1", "C2"]);
    expect(simulator.stats().transactions).toBeGreaterThan(0);
  });

  it("discards a transaction whose callback throws", async () => {
    const connection = connect({ url: simulator.url });
    const failure = new Error("changed my mind");
    await expect(
      connection.transaction(async (tx) => {
        await tx.execute("INSERT INTO notes (id, body) VALUES ('R1', 'gone')");
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await noteIds()).toEqual([]);
  });

  it("discards the transaction when a statement inside fails", async () => {
    const connection = connect({ url: simulator.url });
    await expect(
      connection.transaction(async (tx) => {
        await tx.execute("INSERT INTO notes (id, body) VALUES ('F1', 'first')");
        await tx.execute("INSERT INTO notes (id, body) VALUES ('F1', 'duplicate')");
      }),
    ).rejects.toThrow(/errno 1062/);
    expect(await noteIds()).toEqual([]);
  });

  it("lets two concurrent transactions each see only their own uncommitted writes", async () => {
    const connection = connect({ url: simulator.url });
    const bothWrote = barrier(3);
    const outsideLooked = barrier(3);
    const seen: Record<string, string[]> = {};
    const run = (id: string) =>
      connection.transaction(async (tx) => {
        await tx.execute("INSERT INTO notes (id, body) VALUES (?, 'concurrent')", [id]);
        await bothWrote();
        const rows = await tx.execute("SELECT id FROM notes ORDER BY id");
        seen[id] = rows.rows.map((row) => (row as { id: string }).id);
        await outsideLooked();
      });
    const transactions = Promise.all([run("A"), run("B")]);
    await bothWrote();
    expect(await noteIds()).toEqual([]); // nothing visible outside before COMMIT
    await outsideLooked();
    await transactions;
    expect(seen).toEqual({ A: ["A"], B: ["B"] });
    expect(await noteIds()).toEqual(["A", "B"]);
  });

  it("returns the session in every response and keeps it pinned to one connection until COMMIT", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("BEGIN");
    const inside = await connection.execute("SELECT CONNECTION_ID() AS id");
    const again = await connection.execute("SELECT CONNECTION_ID() AS id");
    expect(inside.rows).toEqual(again.rows);
    await connection.execute("INSERT INTO notes (id, body) VALUES ('S1', 'pinned')");
    expect(await noteIds()).toEqual([]);
    await connection.execute("COMMIT");
    expect(await noteIds()).toEqual(["S1"]);
  });
});

describe("transactions through Kysely", () => {
  it("commits db.transaction().execute() and rolls it back when the callback throws", async () => {
    const db = kysely();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("notes").values({ id: "K1", body: "kept" }).execute();
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("notes").values({ id: "K2", body: "dropped" }).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await noteIds()).toEqual(["K1"]);
  });

  describe("isolation levels", () => {
    let observer: MysqlConnection;
    beforeAll(async () => {
      observer = await connectMysql(target, { database });
    });
    afterAll(() => observer?.destroy());

    // Under SERIALIZABLE a plain SELECT takes shared locks, so another connection cannot lock the row.
    async function rowIsLockedByPlainSelect(trx: Kysely<DB>): Promise<boolean> {
      await trx.selectFrom("notes").select("id").where("id", "=", "I1").execute();
      try {
        await query(observer, "SELECT id FROM notes WHERE id = 'I1' FOR UPDATE NOWAIT");
        return false;
      } catch (error) {
        expect((error as { errno?: number }).errno).toBe(1205);
        return true;
      }
    }

    it("applies setIsolationLevel('serializable') to that transaction only", async () => {
      await connect({ url: simulator.url }).execute("INSERT INTO notes (id, body) VALUES ('I1', 'locked?')");
      const db = kysely();
      const serializable = await db.transaction().setIsolationLevel("serializable").execute(rowIsLockedByPlainSelect);
      const next = await db.transaction().execute(rowIsLockedByPlainSelect);
      const readCommitted = await db
        .transaction()
        .setIsolationLevel("read committed")
        .execute(rowIsLockedByPlainSelect);
      expect({ serializable, next, readCommitted }).toEqual({ serializable: true, next: false, readCommitted: false });
    });
  });
});

describe("transaction limits", () => {
  let limited: Simulator;
  beforeAll(async () => {
    limited = await startPlanetScaleSimulator({ mysql: target, database, transactionTimeoutMs: 300 });
  });
  afterAll(async () => {
    await limited?.close();
  });
  // The transaction killer's timer runs on a test clock: time passes when the test says so.
  beforeEach(() => void vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  afterEach(() => void vi.useRealTimers());
  const letTimeoutPass = () => vi.advanceTimersByTimeAsync(300);

  it("rolls back a transaction open longer than the timeout and tells the session it was aborted", async () => {
    const connection = connect({ url: limited.url });
    const attempt = connection.transaction(async (tx) => {
      await tx.execute("INSERT INTO notes (id, body) VALUES ('T1', 'too slow')");
      await letTimeoutPass();
      await tx.execute("SELECT 1");
    });
    const error = await attempt.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).body.code).toBe("ABORTED");
    expect((error as DatabaseError).message).toMatch(/transaction \d+: ended at .* \(exceeded timeout: 300ms\)/);
    expect(await noteIds()).toEqual([]);
  });

  it("fails a COMMIT sent after the timeout, then lets the session start again", async () => {
    const connection = connect({ url: limited.url });
    await connection.execute("BEGIN");
    await connection.execute("INSERT INTO notes (id, body) VALUES ('T2', 'late commit')");
    await letTimeoutPass();
    await expect(connection.execute("COMMIT")).rejects.toMatchObject({ body: { code: "ABORTED" } });
    expect(await noteIds()).toEqual([]);
    await connection.transaction(async (tx) => {
      await tx.execute("INSERT INTO notes (id, body) VALUES ('T3', 'fresh start')");
    });
    expect(await noteIds()).toEqual(["T3"]);
  });

  it("kills a statement still running when the transaction times out", async () => {
    const connection = connect({ url: limited.url });
    await connection.execute("BEGIN");
    await connection.execute("INSERT INTO notes (id, body) VALUES ('T4', 'killed')");
    // A statement that would run 5 s is running when the transaction times out: it is killed
    // (a statement left alone would answer its result after 5 s, not an error).
    const running = connection.execute("SELECT SLEEP(5)");
    await vi.waitFor(async () => expect(await runningSleeps()).toBe(1));
    await letTimeoutPass();
    await expect(running).rejects.toMatchObject({ body: { code: "ABORTED" } });
    await connection.execute("ROLLBACK");
    expect(await noteIds()).toEqual([]);
  });

  it("tells a session whose transaction the server no longer knows that it was aborted", async () => {
    const port = limited.port;
    const connection = connect({ url: limited.url });
    await connection.execute("BEGIN");
    await connection.execute("INSERT INTO notes (id, body) VALUES ('T5', 'lost')");
    await limited.close(); // a restart: the open transaction is rolled back with its connection
    limited = await startPlanetScaleSimulator({ mysql: target, database, transactionTimeoutMs: 300, port });
    await expect(connection.execute("INSERT INTO notes (id, body) VALUES ('T6', 'after')")).rejects.toMatchObject({
      body: { code: "ABORTED", message: expect.stringMatching(/not found/) },
    });
    await connection.execute("ROLLBACK");
    expect(await noteIds()).toEqual([]);
  });
});
