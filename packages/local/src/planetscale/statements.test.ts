import { describe, expect, it } from "vitest";
import { sqlError, vitessCodeFor } from "./errors";
import { vitessType } from "./fields";
import { encodeRows } from "./rows";
import { classify } from "./statements";
import { assignmentsOf, preludeFor, readVariables } from "./variables";

// The pure parts of the simulator: no database needed.

describe("classify", () => {
  it.each([
    ["BEGIN", "begin"],
    ["begin work", "begin"],
    ["START TRANSACTION READ ONLY", "begin"],
    ["/* kysely */ COMMIT", "commit"],
    ["ROLLBACK", "rollback"],
    ["ROLLBACK TO SAVEPOINT s1", "other"],
    ["SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "set-transaction"],
    ["SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE", "other"],
    ["BEGIN NOT ATOMIC SELECT 1; END", "other"],
    ["select 1", "other"],
  ])("classifies %s as %s", (sql, kind) => {
    expect(classify(sql).kind).toBe(kind);
  });

  it("marks statements whose effect outlives them on the connection", () => {
    expect(classify("SET @x = 1").dirtiesConnection).toBe(true);
    expect(classify("USE other").dirtiesConnection).toBe(true);
    expect(classify("CREATE TEMPORARY TABLE t (a INT)").dirtiesConnection).toBe(true);
    expect(classify("COMMIT AND CHAIN").dirtiesConnection).toBe(true);
    expect(classify("COMMIT").dirtiesConnection).toBe(false);
    expect(classify("SELECT 1").dirtiesConnection).toBe(false);
  });
});

describe("vitessType", () => {
  it("maps MySQL column types and flags the way vttablet does", () => {
    expect(vitessType(8, 32)).toBe("UINT64");
    expect(vitessType(252, 16)).toBe("TEXT");
    expect(vitessType(252, 144)).toBe("BLOB");
    expect(vitessType(253, 128)).toBe("VARBINARY");
    expect(vitessType(254, 256)).toBe("ENUM");
    expect(vitessType(254, 2048)).toBe("SET");
    expect(vitessType(6, 0)).toBe("NULL_TYPE");
  });
});

describe("encodeRows", () => {
  it("packs values with their lengths, -1 for NULL", () => {
    const [row] = encodeRows([[Buffer.from("ab"), null, Buffer.from(""), Buffer.from([0xff])]]);
    expect(row).toEqual({ lengths: ["2", "-1", "0", "1"], values: Buffer.from([0x61, 0x62, 0xff]).toString("base64") });
    expect(encodeRows([[null]])).toEqual([{ lengths: ["-1"] }]);
  });
});

describe("errors", () => {
  it("maps errnos to Vitess codes", () => {
    expect(vitessCodeFor(1062)).toBe("ALREADY_EXISTS");
    expect(vitessCodeFor(1146)).toBe("NOT_FOUND");
    for (const errno of [1064, 1136, 1366, 1406, 1048, 1364]) expect(vitessCodeFor(errno)).toBe("INVALID_ARGUMENT");
    expect(vitessCodeFor(1213)).toBe("ABORTED");
    expect(vitessCodeFor(1205)).toBe("DEADLINE_EXCEEDED");
    expect(vitessCodeFor(1054)).toBe("NOT_FOUND");
    expect(vitessCodeFor(3024)).toBe("DEADLINE_EXCEEDED");
    expect(vitessCodeFor(1969)).toBe("DEADLINE_EXCEEDED");
    expect(vitessCodeFor(9999)).toBe("UNKNOWN");
  });

  it("quotes the SQL the way Vitess does", () => {
    const error = sqlError(
      { database: "db", user: "u", sql: 'SELECT "x"\n' },
      { errno: 1146, sqlState: "42S02", message: "Table 'db.x' doesn't exist" },
    );
    expect(error.message).toBe(
      `target: db.-.primary: vttablet: rpc error: code = NotFound desc = Table 'db.x' doesn't exist (errno 1146) (sqlstate 42S02) (CallerID: u): Sql: "SELECT \\"x\\"\\n", BindVars: {REDACTED}`,
    );
  });
});

describe("session variables", () => {
  it("reads what a SET assigns in the session's scope", () => {
    expect(assignmentsOf("SET @a = 1, @`b c` := 'x', SESSION time_zone = '+09:00', @@sql_mode = ''")).toEqual([
      { kind: "user", name: "a" },
      { kind: "user", name: "b c" },
      { kind: "system", name: "time_zone" },
      { kind: "system", name: "sql_mode" },
    ]);
    expect(assignmentsOf("SET @@session.max_statement_time = 5, NAMES utf8mb4")?.map(({ name }) => name)).toEqual([
      "max_statement_time",
      "character_set_client",
      "character_set_connection",
      "character_set_results",
      "collation_connection",
    ]);
  });

  it("keeps nothing of SET GLOBAL, SET autocommit or SET SESSION TRANSACTION", () => {
    expect(assignmentsOf("SET GLOBAL max_connections = 10")).toBeUndefined();
    expect(assignmentsOf("SET @@global.time_zone = '+01:00'")).toBeUndefined();
    expect(assignmentsOf("SET autocommit = 0")).toBeUndefined();
    expect(assignmentsOf("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")).toBeUndefined();
  });

  it("trusts no SQL from an echoed session but the values it wrote itself", () => {
    const variables = readVariables({
      systemVariables: { time_zone: "'+09:00'", sql_mode: "(SELECT 1)", "bad name": "1" },
      userDefinedVariables: { n: { type: "INT64", value: Buffer.from("1; DROP").toString("base64") } },
      lastInsertId: "12 OR 1",
    });
    expect(variables).toEqual({
      system: { time_zone: "'+09:00'" },
      user: { n: { type: "INT64", value: "MTsgRFJPUA==" } },
    });
    expect(preludeFor(variables, "SELECT LAST_INSERT_ID()")?.sql).toBe(
      "SET @@session.time_zone = '+09:00', @`n` = NULL, @@session.last_insert_id = 0",
    );
  });
});
