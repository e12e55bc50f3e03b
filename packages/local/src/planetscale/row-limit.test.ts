import { connect } from "@planetscale/database";
import { migrations } from "@gogh/core/db/migrations";
import { Kysely, sql } from "kysely";
import { PlanetScaleDialect } from "kysely-planetscale";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "../test/database-error";
import { ownDatabase } from "../test/own-database";
import { startPlanetScaleSimulator, type Simulator } from "./index";

// PlanetScale refuses a single-table UPDATE or DELETE that touches more than 100,000 rows (vttablet
// appends LIMIT 100001 and rolls the statement back past 100,000), so migrations and backfills
// must work in batches. The simulator refuses the same way, so a test catches a backfill that
// would fail in production.

const { target, database } = ownDatabase("gogh_test_row_limit");
let simulator: Simulator;
let small: Simulator;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database });
  small = await startPlanetScaleSimulator({ mysql: target, database, maxRows: 5, writeTimeoutMs: 300 });
  const connection = connect({ url: small.url });
  await connection.execute("CREATE TABLE notes (id INT NOT NULL PRIMARY KEY, body VARCHAR(20) NOT NULL)");
  await connection.execute("CREATE TABLE tags (note_id INT NOT NULL PRIMARY KEY, tag VARCHAR(20) NOT NULL)");
});

afterAll(async () => {
  await Promise.all([simulator?.close(), small?.close()]);
});

const resetNotes = async () => {
  const connection = connect({ url: small.url });
  await connection.execute("DELETE FROM notes WHERE id > 0 LIMIT 1000");
  await connection.execute(
    "INSERT INTO notes (id, body) VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'a'), (5, 'a'), (6, 'a')",
  );
};

describe("the row limit on writes", () => {
  it("refuses an UPDATE or DELETE touching more rows than the limit, with Vitess' error, and changes nothing", async () => {
    await resetNotes();
    const connection = connect({ url: small.url });
    const sqlText = "UPDATE notes SET body = 'b'";
    const update = await failure(connection.execute(sqlText));
    expect(update.body.code).toBe("ABORTED");
    expect(update.message).toBe(
      `target: ${database}.-.primary: vttablet: rpc error: code = Aborted desc = caller id: gogh: row count exceeded 5 (CallerID: gogh)`,
    );
    const deletion = await failure(connection.execute("DELETE FROM notes WHERE id > 0"));
    expect(deletion.message).toContain("row count exceeded 5");
    const rows = await connection.execute("SELECT COUNT(*) AS count FROM notes WHERE body = 'a'");
    expect(rows.rows).toEqual([{ count: "6" }]);
  });

  it("lets through a write within the limit, one with its own LIMIT, and one over several tables", async () => {
    await resetNotes();
    const connection = connect({ url: small.url });
    expect((await connection.execute("UPDATE notes SET body = 'c' WHERE id <= 5")).rowsAffected).toBe(5);
    expect((await connection.execute("UPDATE notes SET body = 'd' ORDER BY id LIMIT 6")).rowsAffected).toBe(6);
    await connection.execute("DELETE FROM tags WHERE note_id > 0 LIMIT 100");
    await connection.execute("INSERT INTO tags SELECT id, 'x' FROM notes");
    const joined = await connection.execute(
      "UPDATE notes JOIN tags ON tags.note_id = notes.id SET notes.body = tags.tag",
    );
    expect(joined.rowsAffected).toBe(6);
  });

  it("rolls back the whole transaction when a statement in it exceeds the limit, and says so next", async () => {
    await resetNotes();
    const connection = connect({ url: small.url });
    await connection.execute("BEGIN");
    await connection.execute("UPDATE notes SET body = 'first' WHERE id = 1");
    const exceeded = await failure(connection.execute("UPDATE notes SET body = 'all'"));
    expect(exceeded.message).toContain("row count exceeded 5");
    const next = await failure(connection.execute("SELECT id FROM notes WHERE id = 1"));
    expect(next.message).toMatch(/transaction \d+: ended at .* \(rollback\)/);
    await connection.execute("ROLLBACK");
    const rows = await connect({ url: small.url }).execute("SELECT body FROM notes WHERE id = 1");
    expect(rows.rows).toEqual([{ body: "a" }]);
  });
});

describe("the DML timeout", () => {
  it("kills a write running past it but lets a read wait longer", async () => {
    await resetNotes();
    const holder = connect({ url: small.url });
    await holder.execute("BEGIN");
    await holder.execute("SELECT id FROM notes WHERE id = 1 FOR UPDATE");
    // Both wait for the holder's row lock; only the write is held to the DML timeout.
    const read = connect({ url: small.url }).execute("SELECT body FROM notes WHERE id = 1 FOR UPDATE");
    const write = await failure(connect({ url: small.url }).execute("UPDATE notes SET body = 'late' WHERE id = 1"));
    expect(write.body.code).toBe("CANCELED");
    expect(write.message).toMatch(
      /code = Canceled desc = \(errno 2013\) due to context deadline exceeded, elapsed time: [\d.]+s, killing query ID \d+/,
    );
    await holder.execute("COMMIT");
    expect((await read).rows).toEqual([{ body: "a" }]);
  });
});

describe("migration 0013_focus_totals against more than 100,000 people", () => {
  const people = 100_005;
  let db: Kysely<unknown>;

  beforeAll(async () => {
    db = new Kysely<unknown>({ dialect: new PlanetScaleDialect({ url: simulator.url }) });
    for (const [name, migration] of Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b))) {
      if (name < "0013_focus_totals") await migration.up(db);
    }
    // Rows made by SQL from a table of digits (portable to MySQL 8, unlike MariaDB's seq_ tables).
    await sql`CREATE TABLE digits (d INT NOT NULL PRIMARY KEY)`.execute(db);
    await sql`INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)`.execute(db);
    const numbers = sql`
      SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d AS n
      FROM digits a, digits b, digits c, digits e, digits f, (SELECT d FROM digits WHERE d < 2) g`;
    await sql`
      INSERT INTO focus_streaks (user_id, last_day, current_days, longest_days)
      SELECT LPAD(n, 26, '0'), '2024-01-01', 1, 1 FROM (${numbers}) AS numbers WHERE n < ${people}`.execute(db);
    await sql`
      INSERT INTO focus_days (user_id, day, minutes, sessions)
      SELECT LPAD(n, 26, '0'), '2024-01-01', n % 50 + 1, 1 FROM (${numbers}) AS numbers WHERE n < ${people}`.execute(
      db,
    );
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it("is refused in the one-statement form it had, leaving every row as it was", async () => {
    await sql`ALTER TABLE focus_streaks ADD COLUMN total_minutes BIGINT NOT NULL DEFAULT 0`.execute(db);
    const refused = await sql`
      UPDATE focus_streaks
      SET total_minutes = (SELECT COALESCE(SUM(minutes), 0) FROM focus_days WHERE focus_days.user_id = focus_streaks.user_id)`
      .execute(db)
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(refused?.message).toContain("row count exceeded 100000");
    const touched = await sql<{
      count: string;
    }>`SELECT COUNT(*) AS count FROM focus_streaks WHERE total_minutes <> 0`.execute(db);
    expect(touched.rows).toEqual([{ count: "0" }]);
    await sql`ALTER TABLE focus_streaks DROP COLUMN total_minutes`.execute(db);
  });

  it("backfills every person in batches under the limit", async () => {
    await migrations["0013_focus_totals"]!.up(db);
    const check = await sql<{ people: string; wrong: string; total: string }>`
      SELECT COUNT(*) AS people, SUM(s.total_minutes <> d.minutes) AS wrong, SUM(s.total_minutes) AS total
      FROM focus_streaks s JOIN focus_days d ON d.user_id = s.user_id`.execute(db);
    const expectedTotal = Array.from({ length: people }, (_, n) => (n % 50) + 1).reduce(
      (sum, minutes) => sum + minutes,
      0,
    );
    expect(check.rows).toEqual([{ people: String(people), wrong: "0", total: String(expectedTotal) }]);
  });
});
