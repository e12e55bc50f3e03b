// MySQL errors dressed the way PlanetScale (Vitess) reports them: a vtrpc code and a message that
// ends "(errno N) (sqlstate S) (CallerID: user): Sql: "...", BindVars: {REDACTED}".
import { tokenize } from "@gogh/core/db/sql-tokens";

export type VitessCode =
  | "CANCELED"
  | "UNKNOWN"
  | "INVALID_ARGUMENT"
  | "DEADLINE_EXCEEDED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "PERMISSION_DENIED"
  | "RESOURCE_EXHAUSTED"
  | "FAILED_PRECONDITION"
  | "ABORTED"
  | "UNIMPLEMENTED"
  | "INTERNAL"
  | "UNAVAILABLE";

/** The body PlanetScale puts in `error` (the driver hands it back as DatabaseError.body). */
export interface VitessError {
  code: VitessCode;
  message: string;
}

// gRPC's spelling of each code, as it appears inside Vitess messages ("code = AlreadyExists").
const grpcNames: Record<VitessCode, string> = {
  CANCELED: "Canceled",
  UNKNOWN: "Unknown",
  INVALID_ARGUMENT: "InvalidArgument",
  DEADLINE_EXCEEDED: "DeadlineExceeded",
  NOT_FOUND: "NotFound",
  ALREADY_EXISTS: "AlreadyExists",
  PERMISSION_DENIED: "PermissionDenied",
  RESOURCE_EXHAUSTED: "ResourceExhausted",
  FAILED_PRECONDITION: "FailedPrecondition",
  ABORTED: "Aborted",
  UNIMPLEMENTED: "Unimplemented",
  INTERNAL: "Internal",
  UNAVAILABLE: "Unavailable",
};

const codeByErrno = new Map<number, VitessCode>();
function assign(code: VitessCode, errnos: number[]): void {
  for (const errno of errnos) codeByErrno.set(errno, code);
}
assign("ALREADY_EXISTS", [1062, 1050, 1022, 1586]); // duplicate entry, table exists, duplicate key
assign("NOT_FOUND", [1146, 1049, 1051, 1054, 1091, 1176, 1305]); // no such table/db/column, unknown table, key not found
assign("INVALID_ARGUMENT", [
  1048, // column cannot be null
  1064, // syntax
  1136, // column count does not match value count
  1149, // syntax (Vitess parser)
  1264, // out of range
  1265, // data truncated
  1292, // incorrect datetime/number value
  1364, // field has no default
  1366, // incorrect string/number value for column
  1406, // data too long
  1690, // value out of range
  1052,
  1055,
  1056,
  1057,
  1058,
  1060,
  1061,
  1063,
  1065,
  1067,
  1068,
  1069,
  1070,
  1071,
  1072,
  1111,
  1140,
  1221,
  1222,
  1241,
  1242,
  1248,
  1267,
  1271,
  1273,
  3140,
  4025,
]);
assign("ABORTED", [1213, 1927 /* connection killed */]);
assign("CANCELED", [1317]); // query interrupted
assign("DEADLINE_EXCEEDED", [1205, 3024, 1969]); // lock wait timeout, MySQL max_execution_time, MariaDB max_statement_time
assign("RESOURCE_EXHAUSTED", [1040, 1041, 1114, 1203, 1206, 1226]);
assign("FAILED_PRECONDITION", [1046, 1568, 1792, 1451, 1452, 1216, 1217]);
assign("PERMISSION_DENIED", [1044, 1045, 1142, 1143, 1227]);
assign("UNIMPLEMENTED", [1235]);

export function vitessCodeFor(errno: number): VitessCode {
  return codeByErrno.get(errno) ?? "UNKNOWN";
}

export interface ErrorContext {
  database: string;
  user: string;
  sql: string;
}

function tail(context: ErrorContext): string {
  return `(CallerID: ${context.user}): Sql: ${JSON.stringify(context.sql)}, BindVars: {REDACTED}`;
}

function fromTablet(context: ErrorContext, code: VitessCode, description: string): string {
  return `target: ${context.database}.-.primary: vttablet: rpc error: code = ${grpcNames[code]} desc = ${description}`;
}

/** A MySQL error (errno, sqlstate, message) as PlanetScale reports it. */
export function sqlError(
  context: ErrorContext,
  mysql: { errno: number; sqlState: string; message: string },
  code: VitessCode = vitessCodeFor(mysql.errno),
): VitessError {
  const description = `${mysql.message} (errno ${mysql.errno}) (sqlstate ${mysql.sqlState}) ${tail(context)}`;
  return { code, message: fromTablet(context, code, description) };
}

/** An error raised by the proxy itself (vtgate), which does not come from a tablet. */
export function gatewayError(
  context: ErrorContext,
  code: VitessCode,
  mysql: { errno: number; sqlState: string; message: string },
): VitessError {
  return { code, message: `${mysql.message} (errno ${mysql.errno}) (sqlstate ${mysql.sqlState}) ${tail(context)}` };
}

/**
 * A statement MySQL could not parse, answered as Vitess' own parser (which reads it first)
 * answers: "syntax error at position N near 'token'", N being one past the offending token's
 * last byte, at the token MySQL's "near '...' at line L" points to.
 */
export function syntaxError(context: ErrorContext, mysqlMessage: string): VitessError {
  const { sql } = context;
  let description = `syntax error at position ${Buffer.byteLength(sql) + 1}`;
  const match = /near '([\s\S]*)' at line (\d+)$/.exec(mysqlMessage);
  if (match?.[1]) {
    let lineStart = 0;
    for (let line = 1; line < Number(match[2]); line++) {
      const newline = sql.indexOf("\n", lineStart);
      if (newline === -1) break;
      lineStart = newline + 1;
    }
    const at = sql.indexOf(match[1], lineStart);
    const token = at === -1 ? undefined : tokenize(sql).find((candidate) => candidate.end > at);
    if (token) {
      const text = token.type === "string" || token.type === "quoted" ? token.value : sql.slice(token.start, token.end);
      description = `syntax error at position ${Buffer.byteLength(sql.slice(0, token.end)) + 1} near '${text}'`;
    }
  }
  return gatewayError(context, "INVALID_ARGUMENT", { errno: 1149, sqlState: "42000", message: description });
}

/** A tablet-side condition that has no MySQL errno (row limit, killed transaction). */
export function tabletError(context: ErrorContext, code: VitessCode, description: string): VitessError {
  return { code, message: fromTablet(context, code, `${description} (CallerID: ${context.user})`) };
}

/** A Go-style duration, as Vitess prints timeouts: 20s, 1.5s, 300ms. */
export function goDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds}ms` : `${milliseconds / 1000}s`;
}
