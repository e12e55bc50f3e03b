import { type RawBuilder, sql } from "kysely";

// A write that answers what it wrote, without a read after it: MySQL's LAST_INSERT_ID(expr), which
// Vitess passes through, reports `expr` as the statement's insert id (tables without an
// auto-increment of their own report nothing otherwise). The report is one above the value, so
// that a database that reports nothing (0) cannot pass for a value of 0.

/** `value`, also reported as the statement's insert id. */
export function reported(value: RawBuilder<number>): RawBuilder<number> {
  return sql<number>`LAST_INSERT_ID(${value} + 1) - 1`;
}

/** `value` unchanged, taking back what an earlier part of the same statement reported. */
export function unreported(value: RawBuilder<number>): RawBuilder<number> {
  return sql<number>`${value} + LAST_INSERT_ID(0)`;
}

/** The value the statement reported, or undefined when it reported none. */
export function reportedValue(insertId: bigint | undefined): number | undefined {
  return insertId === undefined || insertId === 0n ? undefined : Number(insertId) - 1;
}
