// A small MySQL tokenizer: enough to see a statement's keywords while ignoring string literals
// and comments (MySQL's executable comments /*! ... */ count as code, since they run).

export interface Token {
  /** word: bare keyword or identifier, upper-cased; quoted: `identifier`; string: '...' or "..." */
  type: "word" | "quoted" | "string" | "symbol";
  value: string;
  /** parenthesis depth the token sits at; 0 is the statement's own level */
  depth: number;
  /** Where the token starts in the SQL text, and where it ends (exclusive). */
  start: number;
  end: number;
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
      tokens.push({ type: char === "`" ? "quoted" : "string", value, depth, start: position, end: end + 1 });
      position = end + 1;
      continue;
    }
    if (isWordChar(sql.charCodeAt(position))) {
      let end = position + 1;
      while (end < length && isWordChar(sql.charCodeAt(end))) end++;
      tokens.push({ type: "word", value: sql.slice(position, end).toUpperCase(), depth, start: position, end });
      position = end;
      continue;
    }
    const symbol = { type: "symbol" as const, value: char, start: position, end: position + 1 };
    if (char === "(") {
      tokens.push({ ...symbol, depth });
      depth++;
    } else if (char === ")") {
      depth = Math.max(0, depth - 1);
      tokens.push({ ...symbol, depth });
    } else {
      tokens.push({ ...symbol, depth });
    }
    position++;
  }
  return tokens;
}
