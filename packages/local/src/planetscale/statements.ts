// What a statement means for the simulator's sessions and transactions, from its leading keywords.
import { tokenize, type Token } from "@gogh/core/db/sql-tokens";

export type StatementKind = "begin" | "commit" | "rollback" | "set-transaction" | "other";

export interface Statement {
  kind: StatementKind;
  /** The first keyword (BEGIN, SELECT, CREATE, ...), upper-cased; "" for an empty statement. */
  verb: string;
  /**
   * The statement changes state that outlives it on its connection (SET, USE, temporary tables,
   * LOCK TABLES, chained transactions): that connection must not go back to the pool.
   */
  dirtiesConnection: boolean;
}

function wordAt(tokens: Token[], index: number): string {
  const token = tokens[index];
  return token?.type === "word" ? token.value : "";
}

/** What a statement means for sessions and transactions, from its leading keywords only. */
export function classify(sql: string): Statement {
  const tokens = tokenize(sql, 8);
  const verb = wordAt(tokens, 0);
  const second = wordAt(tokens, 1);
  const words = tokens.map((token) => (token.type === "word" ? token.value : ""));
  const chains = (words.includes("CHAIN") || words.includes("RELEASE")) && !words.includes("NO");

  switch (verb) {
    case "BEGIN":
      // BEGIN NOT ATOMIC is a MariaDB compound statement, not a transaction.
      return { kind: second === "" || second === "WORK" ? "begin" : "other", verb, dirtiesConnection: false };
    case "START":
      return { kind: second === "TRANSACTION" ? "begin" : "other", verb, dirtiesConnection: false };
    case "COMMIT":
      return { kind: "commit", verb, dirtiesConnection: chains };
    case "ROLLBACK":
      if (words.includes("TO")) return { kind: "other", verb, dirtiesConnection: false };
      return { kind: "rollback", verb, dirtiesConnection: chains };
    case "SET":
      return second === "TRANSACTION"
        ? { kind: "set-transaction", verb, dirtiesConnection: false }
        : { kind: "other", verb, dirtiesConnection: true };
    case "USE":
    case "LOCK":
    case "UNLOCK":
    case "XA":
      return { kind: "other", verb, dirtiesConnection: true };
    case "CREATE":
      return { kind: "other", verb, dirtiesConnection: second === "TEMPORARY" };
    default:
      return { kind: "other", verb, dirtiesConnection: false };
  }
}
