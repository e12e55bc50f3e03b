// What `pnpm dev` prints while it runs: one short line per request (method, path, status, time,
// queries and Momento operations), and other log lines without their JSON. The deployed log line
// (JSON with CloudWatch's metric format, route.ts) is what CloudWatch reads; a person reads this.
import { logSink } from "@gogh/core/log";
import type { Served } from "./gateway";

interface LogLine {
  level: string;
  message: string;
  requestId?: string;
  route?: string;
  dbQueries?: number;
  cacheOps?: number;
  errorCode?: string;
  error?: { message?: string; stack?: string };
  [field: string]: unknown;
}

/** Lines of requests whose answer the gateway has not reported yet, by request id (bounded). */
const maxWaiting = 1000;

export function devConsole(write: (text: string) => void = (text) => process.stdout.write(text)) {
  const waiting = new Map<string, LogLine>();
  logSink.write = (text) => {
    const line = JSON.parse(text) as LogLine;
    if (typeof line.requestId === "string" && typeof line.route === "string") {
      if (waiting.size >= maxWaiting) waiting.delete(waiting.keys().next().value!);
      waiting.set(line.requestId, line);
      return;
    }
    write(`${line.level === "info" ? "" : `${line.level}: `}${line.message}${details(line)}\n`);
  };
  return {
    /** For the gateway's `onServed`. */
    served(served: Served): void {
      const line = served.requestId === undefined ? undefined : waiting.get(served.requestId);
      if (served.requestId !== undefined) waiting.delete(served.requestId);
      write(`${requestLine(served, line)}\n`);
      if (line?.error) write(`  ${line.error.stack ?? line.error.message}\n`);
    },
  };
}

export function requestLine(served: Served, line?: LogLine): string {
  const parts = [served.method, served.target, String(served.status), `${Math.round(served.milliseconds)} ms`];
  if (line) parts.push(`${line.dbQueries} queries`, `${line.cacheOps} cache ops`);
  if (line?.errorCode) parts.push(line.errorCode);
  return parts.join("  ");
}

/** The fields of a line other than the usual ones, as `key=value`. */
function details(line: LogLine): string {
  const { level: _level, message: _message, time: _time, ...rest } = line;
  const shown = Object.entries(rest).map(
    ([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`,
  );
  return shown.length > 0 ? `  ${shown.join(" ")}` : "";
}
