import { connect, DatabaseError } from "@planetscale/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownDatabase } from "../test/own-database";
import { startPlanetScaleSimulator, type Simulator } from "./index";

// Every pooled connection behaves like MySQL 8 on PlanetScale, not like a default MariaDB.

const { target, database } = ownDatabase("gogh_test_session");
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database, connectionLimit: 4 });
  const connection = connect({ url: simulator.url });
  await connection.execute(
    "CREATE TABLE names (id INT NOT NULL PRIMARY KEY, name VARCHAR(5) NOT NULL, UNIQUE KEY names_name (name))",
  );
  await connection.execute(
    "CREATE TABLE scores (team VARCHAR(10) NOT NULL, player VARCHAR(10) NOT NULL, points INT NOT NULL)",
  );
});

afterAll(async () => {
  await simulator?.close();
});

describe("the MySQL 8 session", () => {
  it("runs in UTC on every pooled connection", async () => {
    const connection = connect({ url: simulator.url });
    // More concurrent requests than pooled connections, so every connection answers at least once.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        connection.execute(
          "SELECT CONNECTION_ID() AS connection, @@session.time_zone AS zone, UNIX_TIMESTAMP('1970-01-01 00:00:00') AS epoch, SLEEP(0.02) AS pause",
        ),
      ),
    );
    for (const answer of answers) expect(answer.rows[0]).toMatchObject({ zone: "+00:00", epoch: "0" });
    expect(
      new Set(answers.map((answer) => (answer.rows[0] as { connection: string }).connection)).size,
    ).toBeGreaterThan(1);
    const now = await connection.execute("SELECT UTC_TIMESTAMP(3) = NOW(3) AS same");
    expect(now.rows).toEqual([{ same: "1" }]);
  });

  it("refuses an over-long VARCHAR instead of truncating it (strict sql_mode)", async () => {
    const connection = connect({ url: simulator.url });
    const error = await connection.execute("INSERT INTO names (id, name) VALUES (1, 'toolong')").then(
      () => undefined,
      (caught: unknown) => caught as DatabaseError,
    );
    expect(error?.body.code).toBe("INVALID_ARGUMENT");
    expect(error?.message).toContain("(errno 1406)");
    expect((await connection.execute("SELECT COUNT(*) AS count FROM names")).rows).toEqual([{ count: "0" }]);
  });

  it("compares with a NO PAD collation: trailing spaces matter", async () => {
    const connection = connect({ url: simulator.url });
    expect((await connection.execute("SELECT 'a' = 'a ' AS equal")).rows).toEqual([{ equal: "0" }]);
    await connection.execute("INSERT INTO names (id, name) VALUES (10, 'ab'), (11, 'ab ')");
    const rows = await connection.execute("SELECT id FROM names WHERE name = 'ab'");
    expect(rows.rows).toEqual([{ id: 10 }]);
    const collation = await connection.execute(
      "SELECT @@collation_connection AS connection, @@collation_database AS db",
    );
    expect(collation.rows).toEqual([
      { connection: "utf8mb4_unicode_520_nopad_ci", db: "utf8mb4_unicode_520_nopad_ci" },
    ]);
  });

  it("stores and compares the full utf8mb4 range (emoji), case-insensitively", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("INSERT INTO names (id, name) VALUES (20, ?)", ["Ab🎨"]);
    const rows = await connection.execute("SELECT name FROM names WHERE name = 'aB🎨'");
    expect(rows.rows).toEqual([{ name: "Ab🎨" }]);
  });

  it("rejects a non-aggregated column outside GROUP BY (ONLY_FULL_GROUP_BY)", async () => {
    const connection = connect({ url: simulator.url });
    await expect(connection.execute("SELECT team, player, SUM(points) FROM scores GROUP BY team")).rejects.toThrow(
      /errno 1055/,
    );
  });

  it("rejects division by zero and zero dates in writes", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("CREATE TABLE ratios (id INT PRIMARY KEY, value DECIMAL(10,2), day DATE)");
    await expect(connection.execute("INSERT INTO ratios (id, value) VALUES (1, 1 / 0)")).rejects.toThrow(/errno 1365/);
    await expect(connection.execute("INSERT INTO ratios (id, day) VALUES (2, '0000-00-00')")).rejects.toThrow(
      /errno 1292/,
    );
  });

  it("limits reads to PlanetScale's 900 seconds (writes are held to 30 by the simulator)", async () => {
    const connection = connect({ url: simulator.url });
    const limit = await connection.execute("SELECT @@max_statement_time AS seconds");
    expect(Number((limit.rows[0] as { seconds: string }).seconds)).toBe(900);
  });

  it("rounds fractional seconds into a DATETIME(0), as MySQL 8 does, instead of truncating them", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("CREATE TABLE stamps (id INT PRIMARY KEY, at DATETIME NOT NULL)");
    // The driver sends a Date with its milliseconds.
    await connection.execute("INSERT INTO stamps (id, at) VALUES (1, ?), (2, ?)", [
      new Date("2024-12-31T23:59:59.600Z"),
      new Date("2024-12-31T23:59:59.400Z"),
    ]);
    const rows = await connection.execute("SELECT id, CAST(at AS CHAR) AS at FROM stamps ORDER BY id");
    expect(rows.rows).toEqual([
      { id: 1, at: "2025-01-01 00:00:00" },
      { id: 2, at: "2024-12-31 23:59:59" },
    ]);
  });

  it("types computed integers as MySQL 8 does (BIGINT: a string), and columns as their own type", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("INSERT INTO scores (team, player, points) VALUES ('red', 'ann', 7)");
    const computed = await connection.execute(
      `SELECT 1 AS one, -5 AS minus, EXISTS(SELECT 1 FROM scores) AS found, 2 > 1 AS more,
              IF(points > 5, 1, 0) AS flag, CASE WHEN points > 5 THEN 1 ELSE 0 END AS cased,
              points IS NULL AS missing, LENGTH(team) AS length, COUNT(*) AS count
       FROM scores GROUP BY team, points`,
    );
    expect(computed.rows).toEqual([
      { one: "1", minus: "-5", found: "1", more: "1", flag: "1", cased: "1", missing: "0", length: "3", count: "1" },
    ]);
    const read = await connection.execute(
      "SELECT points, MAX(points) AS top, (SELECT points FROM scores LIMIT 1) AS first FROM scores GROUP BY points",
    );
    expect(read.rows).toEqual([{ points: 7, top: 7, first: 7 }]);
  });
});
