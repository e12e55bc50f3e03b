// What PlanetScale refuses but MariaDB would let slip, so local tests catch it before production.
import { tokenize, type Token } from "./statements";

export interface Refusal {
  /** The rule's name as it appears in the error message, e.g. "RETURNING clause". */
  rule: string;
  code: "UNIMPLEMENTED" | "INVALID_ARGUMENT";
  errno: number;
  sqlState: string;
  message: string;
}

// Vitess reports unsupported constructs as VT12001 (errno 1235 ER_NOT_SUPPORTED_YET) and
// grammar it does not parse as a syntax error (errno 1149 ER_SYNTAX_ERROR).
function unsupported(rule: string, why: string): Refusal {
  return {
    rule,
    code: "UNIMPLEMENTED",
    errno: 1235,
    sqlState: "42000",
    message: `VT12001: unsupported: ${rule}: ${why}`,
  };
}

const returningRefusal: Refusal = {
  rule: "RETURNING clause",
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

function createdKind(tokens: Token[]): string | undefined {
  for (let index = 1; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type === "symbol" && token.value === "(") return undefined;
    if (token.type !== "word") continue;
    if (storedProgramKinds.has(token.value) || otherObjectKinds.has(token.value)) return token.value;
  }
  return undefined;
}

function hasForeignKey(tokens: Token[]): boolean {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.type !== "word") continue;
    if (token.value === "REFERENCES") return true;
    const next = tokens[index + 1];
    if (token.value === "FOREIGN" && next?.type === "word" && next.value === "KEY") return true;
  }
  return false;
}

function usesJsonTable(tokens: Token[]): boolean {
  return tokens.some((token, index) => {
    const next = tokens[index + 1];
    return token.type === "word" && token.value === "JSON_TABLE" && next?.type === "symbol" && next.value === "(";
  });
}

const mayReturn = new Set(["INSERT", "REPLACE", "DELETE"]);

/** The rule a statement breaks, or undefined when PlanetScale would run it. */
export function refusalFor(sql: string, verb: string): Refusal | undefined {
  // Cheap checks first: most statements never need a full tokenization.
  const ddl = verb === "CREATE" || verb === "ALTER";
  const mentionsJsonTable = /json_table/i.test(sql);
  const mentionsReturning = mayReturn.has(verb) && /returning/i.test(sql);
  if (!ddl && !mentionsJsonTable && !mentionsReturning) return undefined;

  const tokens = tokenize(sql);
  if (mentionsJsonTable && usesJsonTable(tokens)) {
    return unsupported(
      "JSON_TABLE",
      "PlanetScale does not support JSON_TABLE; extract values with JSON_EXTRACT or in application code",
    );
  }
  if (
    mentionsReturning &&
    tokens.some((token) => token.type === "word" && token.value === "RETURNING" && token.depth === 0)
  ) {
    return returningRefusal;
  }
  if (verb === "CREATE") {
    const kind = createdKind(tokens);
    if (kind && storedProgramKinds.has(kind)) {
      return unsupported(
        `CREATE ${kind}`,
        "PlanetScale does not support triggers, stored procedures, stored functions or events; keep the logic in application code",
      );
    }
  }
  if (ddl && hasForeignKey(tokens)) {
    return unsupported(
      "FOREIGN KEY constraint",
      "this PlanetScale database does not allow foreign key constraints; keep the reference as an indexed column and enforce it in application code",
    );
  }
  return undefined;
}
