// Rows in Vitess' packed form: each row is its values' byte lengths (-1 for NULL, as strings
// because protojson writes int64 that way) and all values concatenated, base64-encoded.

export interface VitessRow {
  lengths: string[];
  values?: string;
}

/** `rows` hold the raw text-protocol bytes mysql2 returns with `typeCast: false` (null for NULL). */
export function encodeRows(rows: (Buffer | null)[][]): VitessRow[] {
  const encoded = new Array<VitessRow>(rows.length);
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex]!;
    const lengths = new Array<string>(row.length);
    const parts: Buffer[] = [];
    let total = 0;
    for (let column = 0; column < row.length; column++) {
      const value = row[column];
      if (value === null || value === undefined) {
        lengths[column] = "-1";
      } else {
        lengths[column] = String(value.length);
        if (value.length > 0) {
          parts.push(value);
          total += value.length;
        }
      }
    }
    encoded[rowIndex] =
      total === 0
        ? { lengths }
        : { lengths, values: (parts.length === 1 ? parts[0]! : Buffer.concat(parts, total)).toString("base64") };
  }
  return encoded;
}
