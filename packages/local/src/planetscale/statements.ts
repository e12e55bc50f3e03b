// A small MySQL tokenizer: enough to see a statement's keywords while ignoring string literals
// and comments (MySQL's executable comments /*! ... */ count as code, since they run).

export interface Token {
  /** word: bare keyword or identifier, upper-cased; quoted: `identifier`; string: '...' or "..." */
  type: "word" | "quoted" | "string" | "symbol";
  value: string;
  /** parenthesis depth the token sits at; 0 is the statement's own level */
  depth: number;
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 95 || // _
    code === 36 || // $
    code >= 0x80
  );
}

function isSpace(char: string | undefined): boolean {
  return char === " " || char === "\t" || char === "\n" || char === "\r" || char === "\f" || char === "\v";
}

/** Tokens of `sql`, at most `limit` of them. */
export function tokenize(sql: string, limit = Number.POSITIVE_INFINITY): Token[] {
  const tokens: Token[] = [];
  const length = sql.length;
  let position = 0;
  let depth = 0;
  let executableComments = 0;

  while (position < length && tokens.length < limit) {
    const char = sql[position]!;
    const next = sql[position + 1];

    if (isSpace(char)) {
      position++;
      continue;
    }
    if (char === "#" || (char === "-" && next === "-" && (position + 2 >= length || isSpace(sql[position + 2])))) {
      const newline = sql.indexOf("\n", position);
      position = newline === -1 ? length : newline + 1;
      continue;
    }
    if (char === "/" && next === "*") {
      const executable = sql[position + 2] === "!" || (sql[position + 2] === "M" && sql[position + 3] === "!");
      if (executable) {
        position += sql[position + 2] === "!" ? 3 : 4;
        while (position < length && sql.charCodeAt(position) >= 48 && sql.charCodeAt(position) <= 57) position++;
        executableComments++;
        continue;
      }
      const end = sql.indexOf("*/", position + 2);
      position = end === -1 ? length : end + 2;
      continue;
    }
    if (char === "*" && next === "/" && executableComments > 0) {
      executableComments--;
      position += 2;
      continue;
    }
    if (char === "'" || char === '"' || char === "`") {
      const start = position + 1;
      let end = start;
      let value = "";
      let chunkStart = start;
      for (; end < length; end++) {
        const current = sql[end];
        if (current === "\\" && char !== "`") {
          end++;
          continue;
        }
        if (current === char) {
          if (sql[end + 1] === char) {
            if (char === "`") value += sql.slice(chunkStart, end + 1);
            end++;
            chunkStart = end + 1;
            continue;
          }
          break;
        }
      }
      if (char === "`") value += sql.slice(chunkStart, end);
      tokens.push({ type: char === "`" ? "quoted" : "string", value, depth });
      position = end + 1;
      continue;
    }
    if (isWordChar(sql.charCodeAt(position))) {
      let end = position + 1;
      while (end < length && isWordChar(sql.charCodeAt(end))) end++;
      tokens.push({ type: "word", value: sql.slice(position, end).toUpperCase(), depth });
      position = end;
      continue;
    }
    if (char === "(") {
      tokens.push({ type: "symbol", value: char, depth });
      depth++;
    } else if (char === ")") {
      depth = Math.max(0, depth - 1);
      tokens.push({ type: "symbol", value: char, depth });
    } else {
      tokens.push({ type: "symbol", value: char, depth });
    }
    position++;
  }
  return tokens;
}

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
