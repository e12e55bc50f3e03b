// A session's own state, kept the way Vitess keeps it: in the session object the driver echoes,
// not on a MySQL connection. vtgate stores what SET assigns (system variables as SQL text, user
// variables as typed bind variables) and the last insert id, and applies them to whichever
// connection runs the session's next statement; the simulator does the same with a SET prelude.
import type { FieldPacket } from "mysql2";
import { tokenize, type Token } from "@gogh/core/db/sql-tokens";
import { vitessField } from "./fields";

/** A Vitess BindVariable in protojson: a type name and the value's bytes in base64. */
export interface BindVariable {
  type: string;
  value?: string;
}

export interface SessionVariables {
  /** System variable → its value as SQL text ('+09:00', 900), as vtgate keeps them. */
  system: Record<string, string>;
  /** User variable (lower-case, as MySQL compares them) → its typed value. */
  user: Record<string, BindVariable>;
  lastInsertId?: string;
}

export const emptyVariables = (): SessionVariables => ({ system: {}, user: {} });

const systemName = /^[a-z][a-z0-9_]{0,63}$/;
const systemValue = /^(?:NULL|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|'(?:[^'\\]|\\.|'')*')$/i;
const numeric = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const numericTypes = new Set([
  "INT8",
  "UINT8",
  "INT16",
  "UINT16",
  "INT24",
  "UINT24",
  "INT32",
  "UINT32",
  "INT64",
  "UINT64",
  "FLOAT32",
  "FLOAT64",
  "DECIMAL",
]);
const binaryTypes = new Set(["VARBINARY", "BINARY", "BLOB"]);

/** The variables an echoed vitessSession carries; anything malformed is ignored, not trusted. */
export function readVariables(vitessSession: Record<string, unknown> | undefined): SessionVariables {
  const variables = emptyVariables();
  const system = vitessSession?.systemVariables;
  if (system && typeof system === "object") {
    for (const [name, value] of Object.entries(system)) {
      if (systemName.test(name) && typeof value === "string" && systemValue.test(value)) variables.system[name] = value;
    }
  }
  const user = vitessSession?.userDefinedVariables;
  if (user && typeof user === "object") {
    for (const [name, bound] of Object.entries(user as Record<string, Partial<BindVariable>>)) {
      if (name.length > 64 || typeof bound?.type !== "string") continue;
      if (bound.value !== undefined && typeof bound.value !== "string") continue;
      variables.user[name.toLowerCase()] = { type: bound.type, ...(bound.value ? { value: bound.value } : {}) };
    }
  }
  const lastInsertId = vitessSession?.lastInsertId;
  if (typeof lastInsertId === "string" && /^\d{1,20}$/.test(lastInsertId)) variables.lastInsertId = lastInsertId;
  return variables;
}

/** Writes the variables into a vitessSession being answered (zero values left out, as protojson does). */
export function writeVariables(vitessSession: Record<string, unknown>, variables: SessionVariables): void {
  if (Object.keys(variables.system).length > 0) vitessSession.systemVariables = variables.system;
  if (Object.keys(variables.user).length > 0) vitessSession.userDefinedVariables = variables.user;
  if (variables.lastInsertId && variables.lastInsertId !== "0") vitessSession.lastInsertId = variables.lastInsertId;
}

const quoteName = (name: string) => `\`${name.replace(/`/g, "``")}\``;
const quoteText = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

function userValueSql(bound: BindVariable): string {
  const bytes = Buffer.from(bound.value ?? "", "base64");
  if (bound.type === "NULL_TYPE") return "NULL";
  if (numericTypes.has(bound.type)) {
    const text = bytes.toString("latin1");
    return numeric.test(text) ? text : "NULL";
  }
  const hex = `X'${bytes.toString("hex")}'`;
  return binaryTypes.has(bound.type) ? hex : `CONVERT(${hex} USING utf8mb4)`;
}

/**
 * The SET that gives a connection this session's state before `sql` runs on it, or undefined
 * when there is nothing to give. A connection pinned to the session's transaction already has
 * its variables (`withVariables: false`) but not always its last insert id. `dirties`: the
 * connection then differs from a fresh one.
 */
export function preludeFor(
  variables: SessionVariables,
  sql: string,
  withVariables = true,
): { sql: string; dirties: boolean } | undefined {
  const assignments = withVariables
    ? [
        ...Object.entries(variables.system).map(([name, value]) => `@@session.${name} = ${value}`),
        ...Object.entries(variables.user).map(([name, bound]) => `@${quoteName(name)} = ${userValueSql(bound)}`),
      ]
    : [];
  const dirties = assignments.length > 0;
  // LAST_INSERT_ID() answers the session's last insert, not the pooled connection's.
  if (/last_insert_id/i.test(sql)) assignments.push(`@@session.last_insert_id = ${variables.lastInsertId ?? "0"}`);
  return assignments.length > 0 ? { sql: `SET ${assignments.join(", ")}`, dirties } : undefined;
}

export interface Assignment {
  kind: "system" | "user";
  name: string;
}

const namesVariables = [
  "character_set_client",
  "character_set_connection",
  "character_set_results",
  "collation_connection",
];
const charsetVariables = ["character_set_client", "character_set_results", "collation_connection"];
const globalScopes = new Set(["GLOBAL", "PERSIST", "PERSIST_ONLY"]);
// SET TRANSACTION/PASSWORD/ROLE/STATEMENT are not variables; autocommit is vtgate's own (it
// opens transactions itself), and replayed on pooled connections it would leave every write
// uncommitted.
const notKept = new Set(["transaction", "password", "role", "statement", "autocommit"]);
const sessionScopes = new Set(["SESSION", "LOCAL"]);

const isSymbol = (token: Token | undefined, value: string) => token?.type === "symbol" && token.value === value;
const nameOf = (token: Token | undefined) =>
  token && token.type !== "symbol" ? (token.type === "word" ? token.value.toLowerCase() : token.value) : undefined;

function assignmentOf(part: Token[]): Assignment[] | undefined {
  const [first, second, third, fourth] = part;
  if (isSymbol(first, "@") && !isSymbol(second, "@")) {
    const name = nameOf(second);
    return name === undefined ? undefined : [{ kind: "user", name: name.toLowerCase() }];
  }
  let rest = part;
  if (isSymbol(first, "@") && isSymbol(second, "@")) {
    const scoped = isSymbol(fourth, ".");
    if (scoped && globalScopes.has(third?.value ?? "")) return undefined;
    rest = scoped ? part.slice(4) : part.slice(2);
  } else if (first?.type === "word" && globalScopes.has(first.value)) {
    return undefined;
  } else if (first?.type === "word" && sessionScopes.has(first.value)) {
    rest = part.slice(1);
  }
  const word = rest[0]?.type === "word" ? rest[0].value : undefined;
  if (word === "NAMES") return namesVariables.map((name) => ({ kind: "system", name }));
  if (word === "CHARSET" || (word === "CHARACTER" && rest[1]?.value === "SET")) {
    return charsetVariables.map((name) => ({ kind: "system", name }));
  }
  const name = nameOf(rest[0]);
  if (!name || !systemName.test(name) || !(isSymbol(rest[1], "=") || isSymbol(rest[1], ":"))) return undefined;
  if (notKept.has(name)) return undefined;
  return [{ kind: "system", name }];
}

/**
 * What a `SET ...` assigns in the session's scope, or undefined when it is not such a SET (SET
 * GLOBAL, SET PASSWORD, SET STATEMENT ... FOR): those run as they are, nothing is kept.
 */
export function assignmentsOf(sql: string): Assignment[] | undefined {
  const tokens = tokenize(sql);
  if (tokens[0]?.type !== "word" || tokens[0].value !== "SET") return undefined;
  const parts: Token[][] = [[]];
  for (const token of tokens.slice(1)) {
    if (token.depth === 0 && isSymbol(token, ",")) parts.push([]);
    else parts.at(-1)!.push(token);
  }
  const assignments: Assignment[] = [];
  for (const part of parts) {
    const found = assignmentOf(part);
    if (!found) return undefined;
    assignments.push(...found);
  }
  return assignments;
}

/** The SELECT that reads back what `assignments` set, one column each, in order. */
export function readBackSql(assignments: Assignment[]): string {
  return `SELECT ${assignments
    .map(({ kind, name }) => (kind === "system" ? `@@session.${name}` : `@${quoteName(name)}`))
    .join(", ")}`;
}

/** Keeps the values read back by `readBackSql` in the session's variables. */
export function keepReadBack(
  variables: SessionVariables,
  assignments: Assignment[],
  fields: FieldPacket[],
  row: (Buffer | null)[],
): void {
  assignments.forEach(({ kind, name }, index) => {
    const value = row[index] ?? null;
    const type = vitessField(fields[index]!).type ?? "NULL_TYPE";
    if (kind === "user") {
      variables.user[name] =
        value === null
          ? { type: "NULL_TYPE" }
          : { type, ...(value.length > 0 ? { value: value.toString("base64") } : {}) };
      return;
    }
    const text = value?.toString("utf8");
    variables.system[name] =
      text === undefined ? "NULL" : numericTypes.has(type) && numeric.test(text) ? text : quoteText(text);
  });
}
