// mysql2 column definitions → Vitess query.Field in protojson (zero values left out), typed the
// way vttablet types them (sqltypes.MySQLToType), so the driver casts values as in production.
import type { FieldPacket } from "mysql2";

export interface VitessField {
  name: string;
  type?: string;
  table?: string;
  orgTable?: string;
  database?: string;
  orgName?: string;
  columnLength?: number;
  charset?: number;
  decimals?: number;
  flags?: number;
}

/** The binary pseudo-charset: the driver returns bytes (Uint8Array) only for fields carrying it. */
export const binaryCharset = 63;

const unsignedFlag = 32;
const binaryFlag = 128;
const enumFlag = 256;
const setFlag = 2048;

// MySQL protocol column type → Vitess type; NULL_TYPE is Vitess' zero value, so it is omitted.
const vitessTypes: Record<number, string> = {
  0: "DECIMAL",
  1: "INT8",
  2: "INT16",
  3: "INT32",
  4: "FLOAT32",
  5: "FLOAT64",
  6: "NULL_TYPE",
  7: "TIMESTAMP",
  8: "INT64",
  9: "INT24",
  10: "DATE",
  11: "TIME",
  12: "DATETIME",
  13: "YEAR",
  15: "VARCHAR",
  16: "BIT",
  17: "TIMESTAMP",
  18: "DATETIME",
  19: "TIME",
  245: "JSON",
  246: "DECIMAL",
  247: "ENUM",
  248: "SET",
  249: "TEXT",
  250: "TEXT",
  251: "TEXT",
  252: "TEXT",
  253: "VARCHAR",
  254: "CHAR",
  255: "GEOMETRY",
};

/** Vitess' modifyType: signedness from UNSIGNED, binary strings from BINARY, ENUM/SET from their flags. */
export function vitessType(columnType: number, flags: number): string {
  const base = vitessTypes[columnType] ?? "NULL_TYPE";
  switch (base) {
    case "INT8":
    case "INT16":
    case "INT24":
    case "INT32":
    case "INT64":
      return flags & unsignedFlag ? `U${base}` : base;
    case "TEXT":
      return flags & binaryFlag ? "BLOB" : base;
    case "VARCHAR":
      return flags & binaryFlag ? "VARBINARY" : base;
    case "CHAR":
      if (flags & binaryFlag) return "BINARY";
      if (flags & enumFlag) return "ENUM";
      if (flags & setFlag) return "SET";
      return base;
    default:
      return base;
  }
}

// The display width MariaDB gives an integer that takes its type from a column (MAX(col), a
// scalar subquery of it): signed and unsigned.
const columnWidths: Record<number, [number, number]> = { 1: [4, 3], 2: [6, 5], 9: [9, 8], 3: [11, 10] };

/**
 * MySQL 8 types every integer expression it computes (literals, EXISTS, comparisons, IF/CASE of
 * literals, integer functions) as BIGINT, which the driver returns as a string; MariaDB sizes them
 * to their value (INT, a number). An expression narrower than a column of its type was computed,
 * not read from a column, so it is reported the way MySQL 8 types it.
 */
function mysql8IntegerType(field: FieldPacket, flags: number): number | undefined {
  const type = field.columnType ?? field.type;
  const widths = type === undefined ? undefined : columnWidths[type];
  if (!widths || field.orgName || field.columnLength === undefined) return undefined;
  return field.columnLength < widths[flags & unsignedFlag ? 1 : 0] ? 8 : undefined;
}

/**
 * One column. MariaDB has no JSON type on the wire: it sends LONGTEXT (or VARCHAR for JSON
 * functions) and flags JSON in its extended metadata, which mysql2 exposes as extendedFormat.
 */
export function vitessField(field: FieldPacket): VitessField {
  const flags = typeof field.flags === "number" ? field.flags : 0;
  const json = field.extendedFormat === "json";
  const type = json
    ? "JSON"
    : vitessType(mysql8IntegerType(field, flags) ?? field.columnType ?? field.type ?? 6, flags);
  // MySQL 8 sends JSON with the binary charset; other columns keep the charset the server sent.
  const charset = json ? binaryCharset : field.characterSet;

  const result: VitessField = { name: field.name };
  if (type !== "NULL_TYPE") result.type = type;
  if (field.table) result.table = field.table;
  if (field.orgTable) result.orgTable = field.orgTable;
  if (field.schema) result.database = field.schema;
  if (field.orgName) result.orgName = field.orgName;
  if (field.columnLength) result.columnLength = field.columnLength;
  if (charset) result.charset = charset;
  if (field.decimals) result.decimals = field.decimals;
  if (flags) result.flags = flags;
  return result;
}

export function vitessFields(fields: FieldPacket[]): VitessField[] {
  return fields.map(vitessField);
}
