/**
 * Structured logs: one JSON object per line on stdout, which CloudWatch indexes as is.
 * Only ids and counts go in here, never tokens, names or other personal data.
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

export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  return {
    error: {
      name: error.name,
      message: error.message,
      stack: error.stack,
      cause: error.cause && describeError(error.cause),
    },
  };
}
