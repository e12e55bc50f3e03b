// What PlanetScale refuses and MariaDB would let slip, defined once: the migration gate (db/check.ts)
// reads migrations with it, and the local PlanetScale simulator (packages/local) answers with it.
import { tokenize, type Token } from "./sql-tokens";

export type RefusalRule = "returning" | "json_table" | "stored_program" | "foreign_key";

export interface Refusal {
  rule: RefusalRule;
  code: "UNIMPLEMENTED" | "INVALID_ARGUMENT";
  errno: number;
  sqlState: string;
  message: string;
}

/**
 * Vitess' `queryserver-config-max-result-size` as PlanetScale sets it: a SELECT returning more
 * rows, or a single-table UPDATE/DELETE without its own LIMIT touching more rows, fails.
 */
export const maxRowsPerStatement = 100_000;

// Vitess reports unsupported constructs as VT12001 (errno 1235 ER_NOT_SUPPORTED_YET) and
// grammar it does not parse as a syntax error (errno 1149 ER_SYNTAX_ERROR).
function unsupported(rule: RefusalRule, construct: string, why: string): Refusal {
  return {
    rule,
    code: "UNIMPLEMENTED",
    errno: 1235,
    sqlState: "42000",
    message: `VT12001: unsupported: ${construct}: ${why}`,
  };
}

const returningRefusal: Refusal = {
  rule: "returning",
  code: "INVALID_ARGUMENT",
  errno: 1149,
  sqlState: "42000",
  message:
    "syntax error near 'RETURNING': RETURNING clause is not supported by PlanetScale (MySQL 8 has none); " +
    "read the row back with a SELECT instead",
};

const storedProgramKinds = new Set(["TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"]);
// After CREATE, the first of these words names what is created; anything before it is a modifier.
const otherObjectKinds = new Set([
  "TABLE",
  "INDEX",
  "UNIQUE",
  "FULLTEXT",
  "SPATIAL",
  "VIEW",
  "DATABASE",
  "SCHEMA",
  "USER",
  "ROLE",
  "SEQUENCE",
  "TEMPORARY",
  "SERVER",
  "TABLESPACE",
  "PACKAGE",
]);

const isWord = (token: Token | undefined, value: string) => token?.type === "word" && token.value === value;
const isSymbol = (token: Token | undefined, value: string) => token?.type === "symbol" && token.value === value;

function createdKind(tokens: Token[]): string | undefined {
  for (let index = 1; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (isSymbol(token, "(")) return undefined;
    if (token.type !== "word") continue;
    if (storedProgramKinds.has(token.value) || otherObjectKinds.has(token.value)) return token.value;
  }
  return undefined;
}

function hasForeignKey(tokens: Token[]): boolean {
  return tokens.some(
    (token, index) => isWord(token, "REFERENCES") || (isWord(token, "FOREIGN") && isWord(tokens[index + 1], "KEY")),
  );
}

function usesJsonTable(tokens: Token[]): boolean {
  return tokens.some((token, index) => isWord(token, "JSON_TABLE") && isSymbol(tokens[index + 1], "("));
}

const mayReturn = new Set(["INSERT", "REPLACE", "DELETE"]);

/** The statement's first keyword, upper-cased ("" when it has none). */
export function verbOf(sql: string): string {
  const first = tokenize(sql, 1)[0];
  return first?.type === "word" ? first.value : "";
}

/** The rule a statement breaks, or undefined when PlanetScale would run it. */
export function refusalFor(sql: string, verb = verbOf(sql)): Refusal | undefined {
  // Cheap checks first: most statements never need a full tokenization.
  const ddl = verb === "CREATE" || verb === "ALTER";
  const mentionsJsonTable = /json_table/i.test(sql);
  const mentionsReturning = mayReturn.has(verb) && /returning/i.test(sql);
  if (!ddl && !mentionsJsonTable && !mentionsReturning) return undefined;

  const tokens = tokenize(sql);
  if (mentionsJsonTable && usesJsonTable(tokens)) {
    return unsupported(
      "json_table",
      "JSON_TABLE",
      "PlanetScale does not support JSON_TABLE; extract values with JSON_EXTRACT or in application code",
    );
  }
  if (mentionsReturning && tokens.some((token) => isWord(token, "RETURNING") && token.depth === 0)) {
    return returningRefusal;
  }
  if (verb === "CREATE") {
    const kind = createdKind(tokens);
    if (kind && storedProgramKinds.has(kind)) {
      return unsupported(
        "stored_program",
        `CREATE ${kind}`,
        "PlanetScale does not support triggers, stored procedures, stored functions or events; keep the logic in application code",
      );
    }
  }
  if (ddl && hasForeignKey(tokens)) {
    return unsupported(
      "foreign_key",
      "FOREIGN KEY constraint",
      "this PlanetScale database does not allow foreign key constraints; keep the reference as an indexed column and enforce it in application code",
    );
  }
  return undefined;
}

const deleteModifiers = new Set(["LOW_PRIORITY", "QUICK", "IGNORE"]);

/**
 * Whether PlanetScale caps a statement's rows: vttablet adds `LIMIT max+1` to a single-table
 * UPDATE or DELETE that has no LIMIT of its own, and refuses it when more rows than the maximum
 * match (a multi-table one, or one with its own LIMIT, passes through unchecked).
 */
export function isRowLimitedWrite(tokens: Token[]): boolean {
  const verb = tokens[0];
  if (!isWord(verb, "UPDATE") && !isWord(verb, "DELETE")) return false;
  const top = tokens.filter((token) => token.depth === 0);
  if (top.some((token) => isWord(token, "LIMIT"))) return false;
  let index = 1;
  if (isWord(verb, "DELETE")) {
    while (top[index]?.type === "word" && deleteModifiers.has(top[index]!.value)) index++;
    // DELETE t1 FROM t1 JOIN ... names its targets before FROM: a multi-table delete.
    if (!isWord(top[index], "FROM")) return false;
    index++;
  }
  const end = isWord(verb, "UPDATE") ? "SET" : "WHERE";
  for (; index < top.length; index++) {
    const token = top[index]!;
    if (isWord(token, end) || isWord(token, "ORDER")) break;
    if (isSymbol(token, ",") || isWord(token, "JOIN") || isWord(token, "STRAIGHT_JOIN") || isWord(token, "USING"))
      return false;
  }
  return true;
}
