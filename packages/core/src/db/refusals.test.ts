import { describe, expect, it } from "vitest";
import { isRowLimitedWrite, refusalFor } from "./refusals";
import { tokenize } from "./sql-tokens";

const refused = (sql: string) => refusalFor(sql)?.rule;
const limited = (sql: string) => isRowLimitedWrite(tokenize(sql));

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

describe("refusalFor", () => {
  it("names the rule a statement breaks", () => {
    expect(refused("insert into t values (1) returning id")).toBe("returning");
    expect(refused("REPLACE INTO t VALUES (1) RETURNING *")).toBe("returning");
    expect(refused("CREATE TABLE c (p INT, FOREIGN KEY (p) REFERENCES t (id))")).toBe("foreign_key");
    expect(
      refused("CREATE OR REPLACE DEFINER=`root`@`localhost` TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET @a = 1"),
    ).toBe("stored_program");
    expect(refused("CREATE AGGREGATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END")).toBe("stored_program");
    expect(refused("SELECT * FROM json_table ('[]', '$[*]' COLUMNS (a INT PATH '$')) t")).toBe("json_table");
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

describe("isRowLimitedWrite", () => {
  it("caps single-table UPDATE and DELETE without a LIMIT of their own, as vttablet does", () => {
    expect(limited("UPDATE focus_streaks SET total_minutes = (SELECT SUM(minutes) FROM focus_days LIMIT 1)")).toBe(
      true,
    );
    expect(limited("update `t` set `a` = 1 where `id` in (select id from u limit 5)")).toBe(true);
    expect(limited("DELETE LOW_PRIORITY FROM t WHERE a = 1 ORDER BY id")).toBe(true);
  });

  it("lets through what vttablet passes through: its own LIMIT, several tables, other verbs", () => {
    expect(limited("UPDATE t SET a = 1 ORDER BY id LIMIT 10")).toBe(false);
    expect(limited("DELETE FROM t LIMIT 500")).toBe(false);
    expect(limited("UPDATE t JOIN u ON u.id = t.id SET t.a = u.a")).toBe(false);
    expect(limited("UPDATE t, u SET t.a = u.a WHERE t.id = u.id")).toBe(false);
    expect(limited("DELETE t FROM t JOIN u ON u.id = t.id")).toBe(false);
    expect(limited("DELETE FROM t USING t JOIN u ON u.id = t.id")).toBe(false);
    expect(limited("INSERT INTO t SELECT * FROM u")).toBe(false);
    expect(limited("SELECT * FROM t")).toBe(false);
  });
});

describe("tokenize offsets", () => {
  it("says where each token sits in the text", () => {
    const sql = "SELECT `a`, 'b' FROM t";
    expect(tokenize(sql).map((token) => sql.slice(token.start, token.end))).toEqual([
      "SELECT",
      "`a`",
      ",",
      "'b'",
      "FROM",
      "t",
    ]);
  });
});
