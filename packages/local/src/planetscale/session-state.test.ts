import { connect } from "@planetscale/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownDatabase } from "../test/own-database";
import { startPlanetScaleSimulator, type Simulator } from "./index";

// What a session sets stays with the session, across its statements, whichever pooled connection
// runs them, and never reaches another session: as vtgate keeps it in the session it hands out.

const { target, database } = ownDatabase("gogh_test_session_state");
let simulator: Simulator;
const connectionLimit = 3;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database, connectionLimit });
  await connect({ url: simulator.url }).execute(
    "CREATE TABLE counters (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, hits INT NOT NULL)",
  );
});

afterAll(async () => {
  await simulator?.close();
});

const zoneOf = async (connection: ReturnType<typeof connect>) =>
  ((await connection.execute("SELECT @@session.time_zone AS zone")).rows[0] as { zone: string }).zone;

describe("session variables", () => {
  it("keeps SET time_zone for the session's later statements, and only for that session", async () => {
    const tokyo = connect({ url: simulator.url });
    const others = Array.from({ length: connectionLimit + 2 }, () => connect({ url: simulator.url }));
    await tokyo.execute("SET time_zone = '+09:00'");
    // More sessions at once than pooled connections: every connection serves someone else too.
    const [zones, otherZones] = await Promise.all([
      Promise.all(Array.from({ length: connectionLimit + 2 }, () => zoneOf(tokyo))),
      Promise.all(others.map(zoneOf)),
    ]);
    expect(new Set(zones)).toEqual(new Set(["+09:00"]));
    expect(new Set(otherZones)).toEqual(new Set(["+00:00"]));
    const local = await tokyo.execute("SELECT CAST(FROM_UNIXTIME(0) AS CHAR) AS epoch");
    expect(local.rows).toEqual([{ epoch: "1970-01-01 09:00:00" }]);
  });

  it("keeps user variables with their types, and evaluates a SET against the earlier ones", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("SET @count = 41, @name = 'ゴッホ', @nothing = NULL, @ratio := 1.25");
    await connection.execute("SET @count = @count + 1");
    const read = await connection.execute(
      "SELECT @count AS count, @name AS name, @nothing AS nothing, @ratio AS ratio",
    );
    expect(read.rows).toEqual([{ count: "42", name: "ゴッホ", nothing: null, ratio: "1.25" }]);
    const stranger = await connect({ url: simulator.url }).execute("SELECT @count AS count");
    expect(stranger.rows).toEqual([{ count: null }]);
  });

  // The driver's transaction() opens a session of its own; BEGIN on the same session is how one
  // session's statements reach a transaction.
  it("keeps what a transaction SET after it commits", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("BEGIN");
    await connection.execute("SET time_zone = '-05:00', @inside = 'yes'");
    await connection.execute("COMMIT");
    expect(await zoneOf(connection)).toBe("-05:00");
    expect((await connection.execute("SELECT @inside AS inside")).rows).toEqual([{ inside: "yes" }]);
  });

  it("applies the session's variables inside its transactions", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("SET time_zone = '+05:30', @marker = 7");
    await connection.execute("BEGIN");
    const inside = await connection.execute("SELECT @@session.time_zone AS zone, @marker AS marker");
    await connection.execute("COMMIT");
    expect(inside.rows).toEqual([{ zone: "+05:30", marker: "7" }]);
  });

  it("starts a new session with none of them", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("SET time_zone = '+01:00', @mine = 1");
    const transaction = await connection.transaction((tx) =>
      tx.execute("SELECT @@session.time_zone AS zone, @mine AS mine"),
    );
    expect(transaction.rows).toEqual([{ zone: "+00:00", mine: null }]);
  });
});

describe("LAST_INSERT_ID()", () => {
  it("answers each session's own last insert, however the sessions interleave", async () => {
    const sessions = Array.from({ length: connectionLimit * 2 }, () => connect({ url: simulator.url }));
    const inserted = await Promise.all(
      sessions.map(async (session) => (await session.execute("INSERT INTO counters (hits) VALUES (1)")).insertId),
    );
    // Another insert by someone else on whichever connection comes next.
    await connect({ url: simulator.url }).execute("INSERT INTO counters (hits) VALUES (2)");
    const answered = await Promise.all(
      sessions.map(
        async (session) => ((await session.execute("SELECT LAST_INSERT_ID() AS id")).rows[0] as { id: string }).id,
      ),
    );
    expect(answered).toEqual(inserted);
    expect(new Set(inserted).size).toBe(sessions.length);
  });

  it("is 0 for a session that has inserted nothing, and follows the session into a transaction", async () => {
    const fresh = connect({ url: simulator.url });
    expect((await fresh.execute("SELECT LAST_INSERT_ID() AS id")).rows).toEqual([{ id: "0" }]);
    const { insertId } = await fresh.execute("INSERT INTO counters (hits) VALUES (3)");
    await fresh.execute("BEGIN");
    const inside = await fresh.execute("SELECT LAST_INSERT_ID() AS id");
    const { insertId: insideId } = await fresh.execute("INSERT INTO counters (hits) VALUES (4)");
    const after = await fresh.execute("SELECT LAST_INSERT_ID() AS id");
    await fresh.execute("COMMIT");
    expect(inside.rows).toEqual([{ id: insertId }]);
    expect(after.rows).toEqual([{ id: insideId }]);
    expect((await fresh.execute("SELECT LAST_INSERT_ID() AS id")).rows).toEqual([{ id: insideId }]);
  });
});
