import { describe, expect, it } from "vitest";
import { sqlError, vitessCodeFor } from "./errors";
import { vitessType } from "./fields";
import { encodeRows } from "./rows";
import { refusalFor } from "./rules";
import { classify, tokenize } from "./statements";

// The pure parts of the simulator: no database needed.

const refused = (sql: string) => refusalFor(sql, classify(sql).verb)?.rule;

describe("tokenize", () => {
  it("skips string literals and comments but reads executable comments as code", () => {
    const words = tokenize(
      "SELECT 'a''b\\'c', \"RETURNING\" -- RETURNING\n# REFERENCES\n/* JSON_TABLE */ /*!50000 STRAIGHT_JOIN */ `quoted``name` FROM t",
    )
      .filter((token) => token.type !== "symbol")
      .map((token) => `${token.type}:${token.value}`);
    expect(words).toEqual([
      "word:SELECT",
      "string:",
      "string:",
      "word:STRAIGHT_JOIN",
      "quoted:quoted`name",
      "word:FROM",
      "word:T",
    ]);
  });

  it("tracks parenthesis depth", () => {
    const depths = tokenize("INSERT INTO t (a) VALUES (JSON_VALUE(x, '$' RETURNING CHAR))").filter(
      (token) => token.value === "RETURNING",
    );
    expect(depths.map((token) => token.depth)).toEqual([2]);
  });
});

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

describe("refusalFor", () => {
  it("names the rule a statement breaks", () => {
    expect(refused("insert into t values (1) returning id")).toBe("RETURNING clause");
    expect(refused("REPLACE INTO t VALUES (1) RETURNING *")).toBe("RETURNING clause");
    expect(refused("CREATE TABLE c (p INT, FOREIGN KEY (p) REFERENCES t (id))")).toBe("FOREIGN KEY constraint");
    expect(
      refused("CREATE OR REPLACE DEFINER=`root`@`localhost` TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET @a = 1"),
    ).toBe("CREATE TRIGGER");
    expect(refused("CREATE AGGREGATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END")).toBe("CREATE FUNCTION");
    expect(refused("SELECT * FROM json_table ('[]', '$[*]' COLUMNS (a INT PATH '$')) t")).toBe("JSON_TABLE");
  });

  it("lets through look-alikes", () => {
    expect(refused("INSERT INTO t (note) VALUES ('returning')")).toBeUndefined();
    expect(refused("SELECT returning FROM t")).toBeUndefined();
    expect(refused("CREATE TABLE event (id INT, `references` INT)")).toBeUndefined();
    expect(refused("CREATE TABLE t (doc JSON, note VARCHAR(20) DEFAULT 'FOREIGN KEY')")).toBeUndefined();
    expect(refused("SELECT json_table_name FROM t")).toBeUndefined();
    expect(refused("DROP TRIGGER IF EXISTS x")).toBeUndefined();
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
