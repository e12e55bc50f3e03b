/**
 * Structured logs: one JSON object per line on stdout, which CloudWatch indexes as is.
 * Only ids and counts go in here, never tokens, names, bodies or other personal data; errors
 * only through describeError, which leaves the values out of their messages.
 */
export const logSink = {
  // Replaceable so tests can read the request lines (query counts) instead of printing them.
  write(line: string): void {
    process.stdout.write(line);
  },
};

export function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
  logSink.write(`${JSON.stringify({ level, message, time: new Date().toISOString(), ...fields })}\n`);
}

/**
 * An error as a log line may carry it: its class, its code, a scrubbed message and the stack's
 * frames (file and line, never the message again), with its causes. A database error's message
 * quotes the statement with the person's values in it; messages also quote values MySQL or a
 * parser found wrong ("Duplicate entry 'alice@…'"). Those become '?'; names of columns, keys and
 * tables stay, so the line still says what went wrong where.
 */
export function describeError(error: unknown): { error: ErrorSummary } {
  return { error: summarize(error, 0) };
}

export interface ErrorSummary {
  class: string;
  code?: string;
  message: string;
  frames?: string[];
  cause?: ErrorSummary;
}

const maxCauses = 3;
const maxMessageLength = 300;

function summarize(error: unknown, depth: number): ErrorSummary {
  if (!(error instanceof Error)) return { class: typeof error, message: "(not an Error)" };
  const code = codeOf(error);
  const frames = error.stack
    ?.split("\n")
    .filter((line) => line.startsWith("    at "))
    .map((line) => line.trim());
  return {
    class: error.name,
    ...(code === undefined ? {} : { code }),
    message: scrubMessage(error.message),
    ...(frames && frames.length > 0 ? { frames } : {}),
    ...(error.cause !== undefined && depth < maxCauses ? { cause: summarize(error.cause, depth + 1) } : {}),
  };
}

/** The machine-readable code an error carries: ours, the database's (with MySQL's errno), Node's. */
function codeOf(error: Error): string | undefined {
  const fields = error as Error & { code?: unknown; body?: { code?: unknown } };
  const errno = /\(errno (\d+)\)/.exec(error.message)?.[1];
  const code =
    typeof fields.code === "string"
      ? fields.code
      : typeof fields.body?.code === "string"
        ? fields.body.code
        : undefined;
  if (code && errno) return `${code} errno ${errno}`;
  return code ?? (errno ? `errno ${errno}` : undefined);
}

/** Quoted names MySQL puts after these words are identifiers, not values. */
const identifierBefore = /\b(column|key|table|field|index|database|constraint|function|procedure)\s*$/i;

export function scrubMessage(message: string): string {
  const withoutStatement = message.replace(/\bSql: [\s\S]*$/, "Sql: (omitted)");
  let scrubbed = "";
  let rest = withoutStatement;
  // One quoted literal at a time: '...', "..." or `...`, with backslash escapes and doubled
  // quotes; a quote after a letter is an apostrophe ("doesn't"), not an opening one.
  const quoted = /(?<!\w)(['"`])(?:\\[\s\S]|(?!\1)[^\\]|\1\1)*\1/;
  for (let match = quoted.exec(rest); match; match = quoted.exec(rest)) {
    const before = rest.slice(0, match.index);
    const keep = match[1] === "`" || identifierBefore.test(before);
    scrubbed += before + (keep ? match[0] : `${match[1]}?${match[1]}`);
    rest = rest.slice(match.index + match[0].length);
  }
  scrubbed += rest;
  return scrubbed.length > maxMessageLength ? `${scrubbed.slice(0, maxMessageLength)}…` : scrubbed;
}
