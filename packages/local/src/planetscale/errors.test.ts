import { connect } from "@planetscale/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "../test/database-error";
import { ownDatabase } from "../test/own-database";
import { startPlanetScaleSimulator, type Simulator } from "./index";

const { target, database } = ownDatabase("gogh_test_errors");
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database });
  const connection = connect({ url: simulator.url });
  await connection.execute(
    "CREATE TABLE accounts (id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)",
  );
  await connection.execute("INSERT INTO accounts (id, name) VALUES ('A1', 'first')");
});

afterAll(async () => {
  await simulator?.close();
});

async function tableNames(): Promise<string[]> {
  const result = await connect({ url: simulator.url }).execute(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY name",
  );
  return result.rows.map((row) => (row as { name: string }).name);
}

describe("SQL errors", () => {
  it("reports a duplicate key as ALREADY_EXISTS with PlanetScale's message, errno included", async () => {
    const sql = "INSERT INTO accounts (id, name) VALUES ('A1', 'again')";
    const error = await failure(connect({ url: simulator.url }).execute(sql));
    expect(error.status).toBe(400); // how the driver reports an HTTP 200 with an error body
    expect(error.body.code).toBe("ALREADY_EXISTS");
    expect(error.message).toBe(error.body.message);
    expect(error.message).toBe(
      `target: ${database}.-.primary: vttablet: rpc error: code = AlreadyExists desc = Duplicate entry 'A1' for key 'PRIMARY' ` +
        `(errno 1062) (sqlstate 23000) (CallerID: gogh): Sql: ${JSON.stringify(sql)}, BindVars: {REDACTED}`,
    );
    expect(/\(errno (\d+)\)/.exec(error.message)?.[1]).toBe("1062");
  });

  it("reports a missing table as NOT_FOUND", async () => {
    const error = await failure(connect({ url: simulator.url }).execute("SELECT id FROM missing_table"));
    expect(error.body.code).toBe("NOT_FOUND");
    expect(error.message).toContain("(errno 1146) (sqlstate 42S02)");
  });

  it("reports bad input as INVALID_ARGUMENT", async () => {
    const connection = connect({ url: simulator.url });
    const syntax = await failure(connection.execute("SELEC 1"));
    expect(syntax.body.code).toBe("INVALID_ARGUMENT");
    expect(syntax.message).toContain("(errno 1149)");
    const notNull = await failure(connection.execute("INSERT INTO accounts (id, name) VALUES ('A2', NULL)"));
    expect(notNull.message).toContain("(errno 1048)");
  });

  it("reports an unknown column as NOT_FOUND, as Vitess does", async () => {
    const unknownColumn = await failure(connect({ url: simulator.url }).execute("SELECT nope FROM accounts"));
    expect(unknownColumn.body.code).toBe("NOT_FOUND");
    expect(unknownColumn.message).toContain("(errno 1054)");
  });

  it("answers a syntax error as PlanetScale's parser does: the position after the offending token", async () => {
    const connection = connect({ url: simulator.url });
    const sql = "SELECT id FROMM accounts";
    const error = await failure(connection.execute(sql));
    expect(error.body.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toBe(
      `syntax error at position 25 near 'accounts' (errno 1149) (sqlstate 42000) (CallerID: gogh): Sql: ${JSON.stringify(sql)}, BindVars: {REDACTED}`,
    );
    const multiline = await failure(connection.execute("SELECT id\nFROM accounts\nWHERE name = 'x' ORDER id"));
    expect(multiline.message).toMatch(/^syntax error at position 50 near 'id' \(errno 1149\)/);
    const cut = await failure(connection.execute("SELECT id FROM accounts WHERE"));
    expect(cut.message).toMatch(/^syntax error at position 30 \(errno 1149\)/);
  });

  it("refuses several statements in one request, as PlanetScale does", async () => {
    const error = await failure(connect({ url: simulator.url }).execute("SELECT 1; SELECT 2"));
    expect(error.body.code).toBe("INVALID_ARGUMENT");
  });
});

describe("HTTP API", () => {
  it("answers bad credentials with HTTP 401, which the driver raises", async () => {
    const url = new URL(simulator.url);
    url.password = "wrong-password";
    const error = await failure(connect({ url: url.toString() }).execute("SELECT 1"));
    expect(error.status).toBe(401);
  });

  it("answers missing credentials with a JSON 401 and unknown paths with 404", async () => {
    const base = `http://127.0.0.1:${simulator.port}`;
    const unauthenticated = await fetch(`${base}/psdb.v1alpha1.Database/Execute`, { method: "POST", body: "{}" });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ code: "unauthenticated" });
    const unknown = await fetch(`${base}/psdb.v1alpha1.Database/Nope`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
  });

  it("creates a session the driver can then echo", async () => {
    const url = new URL(simulator.url);
    const response = await fetch(`http://${url.host}/psdb.v1alpha1.Database/CreateSession`, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${url.username}:${url.password}`)}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    const { session } = (await response.json()) as {
      session: { signature: string; vitessSession: { SessionUUID: string } };
    };
    expect(session.vitessSession.SessionUUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.signature).toBeTruthy();
    const connection = connect({ url: simulator.url });
    Object.assign(connection, { session });
    const result = await connection.execute("SELECT 1 AS one");
    expect(result.rows).toEqual([{ one: "1" }]);
  });

  it("rejects a session it did not sign", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("SELECT 1");
    const forged = { signature: "forged", vitessSession: { SessionUUID: "someone-else", inTransaction: true } };
    Object.assign(connection, { session: forged });
    const error = await failure(connection.execute("SELECT 1"));
    expect(error.body.code).toBe("INVALID_ARGUMENT");
  });
});

describe("what PlanetScale refuses", () => {
  const refusals: [string, string, RegExp][] = [
    ["RETURNING", "INSERT INTO accounts (id, name) VALUES ('R1', 'returned') RETURNING id", /RETURNING clause/],
    ["DELETE ... RETURNING", "DELETE FROM accounts WHERE id = 'A1' RETURNING id", /RETURNING clause/],
    [
      "FOREIGN KEY",
      "CREATE TABLE sessions (id CHAR(26) PRIMARY KEY, account_id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin, " +
        "FOREIGN KEY (account_id) REFERENCES accounts (id))",
      /FOREIGN KEY constraint/,
    ],
    [
      "inline REFERENCES",
      "CREATE TABLE tokens (account_id CHAR(26) REFERENCES accounts (id))",
      /FOREIGN KEY constraint/,
    ],
    [
      "ALTER TABLE ... FOREIGN KEY",
      "ALTER TABLE accounts ADD CONSTRAINT fk_self FOREIGN KEY (id) REFERENCES accounts (id)",
      /FOREIGN KEY/,
    ],
    [
      "CREATE TRIGGER",
      "CREATE TRIGGER stamp BEFORE INSERT ON accounts FOR EACH ROW SET NEW.name = UPPER(NEW.name)",
      /CREATE TRIGGER/,
    ],
    ["CREATE PROCEDURE", "CREATE DEFINER = CURRENT_USER PROCEDURE touch() SELECT 1", /CREATE PROCEDURE/],
    ["CREATE FUNCTION", "CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2", /CREATE FUNCTION/],
    ["CREATE EVENT", "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM accounts", /CREATE EVENT/],
    ["JSON_TABLE", `SELECT j.v FROM JSON_TABLE('[1,2]', '$[*]' COLUMNS (v INT PATH '$')) AS j`, /JSON_TABLE/],
    [
      "an executable comment",
      "INSERT INTO accounts (id, name) VALUES ('R2', 'x') /*!100500 RETURNING id */",
      /RETURNING/,
    ],
  ];

  it.each(refusals)("refuses %s and names the rule", async (_name, sql, rule) => {
    const before = simulator.stats().refused;
    const error = await failure(connect({ url: simulator.url }).execute(sql));
    expect(["UNIMPLEMENTED", "INVALID_ARGUMENT"]).toContain(error.body.code);
    expect(error.message).toMatch(rule);
    expect(error.message).toMatch(
      /\(errno \d+\) \(sqlstate \w+\) \(CallerID: gogh\): Sql: ".*", BindVars: \{REDACTED\}$/,
    );
    expect(simulator.stats().refused).toBe(before + 1);
  });

  it("creates nothing when it refuses", async () => {
    const connection = connect({ url: simulator.url });
    expect(await tableNames()).toEqual(["accounts"]);
    const accounts = await connection.execute("SELECT id FROM accounts ORDER BY id");
    expect(accounts.rows).toEqual([{ id: "A1" }]);
    const programs = await connection.execute(
      `SELECT (SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()) +
              (SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = DATABASE()) +
              (SELECT COUNT(*) FROM information_schema.events WHERE event_schema = DATABASE()) AS count`,
    );
    expect(programs.rows).toEqual([{ count: "0" }]);
  });

  it("lets the words through inside string literals, comments and quoted names", async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute("INSERT INTO accounts (id, name) VALUES (?, ?)", ["L1", "returning user"]);
    await connection.execute("INSERT INTO accounts (id, name) VALUES ('L2', 'it''s returning') -- RETURNING id");
    await connection.execute("INSERT INTO accounts (id, name) VALUES ('L3', \"foreign key\") /* RETURNING */");
    await connection.execute(
      "CREATE TABLE events (`returning` INT, note VARCHAR(40) DEFAULT 'REFERENCES json_table(')",
    );
    await connection.execute("CREATE TABLE procedure_log (id INT PRIMARY KEY, event VARCHAR(20))");
    const names = await connection.execute("SELECT name FROM accounts WHERE id LIKE 'L%' ORDER BY id");
    expect(names.rows).toEqual([{ name: "returning user" }, { name: "it's returning" }, { name: "foreign key" }]);
    expect(await tableNames()).toEqual(["accounts", "events", "procedure_log"]);
  });
});

describe("row limit", () => {
  let limited: Simulator;
  beforeAll(async () => {
    limited = await startPlanetScaleSimulator({ mysql: target, database, maxRows: 5 });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it("returns up to maxRows rows and refuses more, like Vitess' row count limit", async () => {
    const connection = connect({ url: limited.url });
    const numbers = (count: number) =>
      `WITH RECURSIVE numbers (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < ${count}) SELECT n FROM numbers`;
    const five = await connection.execute(numbers(5));
    expect(five.rows).toHaveLength(5);
    const error = await failure(connection.execute(numbers(6)));
    expect(error.body.code).toBe("ABORTED");
    expect(error.message).toContain("Row count exceeded 5");
  });
});
