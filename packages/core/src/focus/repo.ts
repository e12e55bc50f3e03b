import { sql } from "kysely";
import { type Executor, isDuplicateKey } from "../db";
import type * as Profile from "../profile";
import type { Streak } from "./streak";

type TimeZones = ReturnType<typeof Profile.timeZoneTable>;

const sessionColumns = [
  "id",
  "user_id",
  "mode",
  "planned_minutes",
  "tag",
  "status",
  "started_at",
  "ended_at",
  "focused_minutes",
] as const;

export type SessionRow = Awaited<ReturnType<typeof findSession>> & {};

export async function findSession(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let select = db.selectFrom("focus_sessions").select(sessionColumns).where("id", "=", id);
  if (options.forUpdate) select = select.forUpdate();
  return select.executeTakeFirst();
}

export async function findRunningSession(db: Executor, userId: string) {
  return db
    .selectFrom("focus_sessions")
    .select(sessionColumns)
    .where("running_user_id", "=", userId)
    .executeTakeFirst();
}

export async function insertSession(
  db: Executor,
  row: { id: string; userId: string; mode: string; plannedMinutes: number | null; tag: string | null; at: Date },
) {
  await db
    .insertInto("focus_sessions")
    .values({
      id: row.id,
      user_id: row.userId,
      mode: row.mode,
      planned_minutes: row.plannedMinutes,
      tag: row.tag,
      status: "running",
      running_user_id: row.userId,
      started_at: row.at,
    })
    .execute();
}

/** Ends a session that is still running; false when another request ended it first. */
export async function endSession(
  db: Executor,
  id: string,
  end: { userId?: string; status: "finished" | "abandoned" | "expired"; at: Date; focusedMinutes: number | null },
): Promise<boolean> {
  let update = db
    .updateTable("focus_sessions")
    .set({ status: end.status, running_user_id: null, ended_at: end.at, focused_minutes: end.focusedMinutes })
    .where("id", "=", id)
    .where("status", "=", "running");
  if (end.userId) update = update.where("user_id", "=", end.userId);
  const result = await update.executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function addToDay(db: Executor, row: { userId: string; day: string; minutes: number }) {
  await db
    .insertInto("focus_days")
    .values({ user_id: row.userId, day: row.day, minutes: row.minutes, sessions: 1 })
    .onDuplicateKeyUpdate({ minutes: sql`minutes + ${row.minutes}`, sessions: sql`sessions + 1` })
    .execute();
}

export async function addToTagDay(db: Executor, row: { userId: string; day: string; tag: string; minutes: number }) {
  await db
    .insertInto("focus_tag_days")
    .values({ user_id: row.userId, day: row.day, tag: row.tag, minutes: row.minutes })
    .onDuplicateKeyUpdate({ minutes: sql`minutes + ${row.minutes}` })
    .execute();
}

/**
 * The session with its owner's streak, in one round trip and without locks (a locking read would
 * lock the gap where a first streak goes, and first finishes would deadlock on it): the finish
 * then claims the session by its status, and writes the streak only while it is what was read.
 * The owner's time zone comes in the same query (`zones`: Profile.timeZoneTable), a primary-key
 * lookup.
 */
export async function findSessionWithStreak(db: Executor, id: string, zones: TimeZones) {
  const row = await db
    .selectFrom("focus_sessions as s")
    .leftJoin("focus_streaks as t", "t.user_id", "s.user_id")
    .leftJoin(zones, (join) => join.onRef("zone.user_id", "=", "s.user_id"))
    .select(sessionColumns.map((column) => `s.${column}` as const))
    .select(["t.last_day", "t.current_days", "t.longest_days", "t.total_minutes", "zone.time_zone"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { last_day, current_days, longest_days, total_minutes, time_zone, ...session } = row;
  const streak: Streak | undefined =
    last_day === null
      ? undefined
      : {
          lastDay: last_day,
          currentDays: Number(current_days),
          longestDays: Number(longest_days),
          totalMinutes: Number(total_minutes),
        };
  return { session, streak, timeZone: time_zone ?? undefined };
}

/**
 * Replaces the streak `before` (none: the first) with `after`; false when another finish wrote
 * it since it was read. Every paying finish adds minutes, so the total tells whether it moved.
 */
export async function replaceStreak(
  db: Executor,
  userId: string,
  before: Streak | undefined,
  after: Streak,
): Promise<boolean> {
  const values = {
    last_day: after.lastDay,
    current_days: after.currentDays,
    longest_days: after.longestDays,
    total_minutes: after.totalMinutes,
  };
  if (before) {
    const result = await db
      .updateTable("focus_streaks")
      .set(values)
      .where("user_id", "=", userId)
      .where("total_minutes", "=", String(before.totalMinutes))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
  try {
    await db
      .insertInto("focus_streaks")
      .values({ user_id: userId, ...values })
      .execute();
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** One row of the statistics query, by what it counts. */
export type StatsRow =
  | { kind: "day"; day: string; minutes: number; sessions: number }
  | { kind: "tag"; tag: string; minutes: number }
  | { kind: "streak"; lastDay: string; currentDays: number; longestDays: number };

/**
 * Everything the statistics need in one query: the days from `from` to `to`, minutes by tag
 * within the tag range, and the streak. Each part reads its table by primary key range; each
 * kind fills its own columns (the others are NULL), read as numbers explicitly.
 */
export async function findStats(
  db: Executor,
  query: { userId: string; from: string; to: string; tagsFrom: string; tagsTo: string },
): Promise<StatsRow[]> {
  type Row = {
    kind: StatsRow["kind"];
    label: string;
    minutes: string | number | null;
    sessions: string | number | null;
    current_days: string | number | null;
    longest_days: string | number | null;
  };
  const result = await sql<Row>`
    SELECT 'day' AS kind, DATE_FORMAT(day, '%Y-%m-%d') AS label, minutes, sessions,
        NULL AS current_days, NULL AS longest_days
      FROM focus_days WHERE user_id = ${query.userId} AND day BETWEEN ${query.from} AND ${query.to}
    UNION ALL
    SELECT 'tag', tag, SUM(minutes), NULL, NULL, NULL
      FROM focus_tag_days WHERE user_id = ${query.userId} AND day BETWEEN ${query.tagsFrom} AND ${query.tagsTo}
      GROUP BY tag
    UNION ALL
    SELECT 'streak', DATE_FORMAT(last_day, '%Y-%m-%d'), NULL, NULL, current_days, longest_days
      FROM focus_streaks WHERE user_id = ${query.userId}`.execute(db);
  return result.rows.map((row): StatsRow => {
    switch (row.kind) {
      case "day":
        return { kind: "day", day: row.label, minutes: Number(row.minutes), sessions: Number(row.sessions) };
      case "tag":
        return { kind: "tag", tag: row.label, minutes: Number(row.minutes) };
      case "streak":
        return {
          kind: "streak",
          lastDay: row.label,
          currentDays: Number(row.current_days),
          longestDays: Number(row.longest_days),
        };
    }
  });
}

/** Minutes of sessions finished at or after `since`; sessions last at most 6 hours, so ids bound the scan. */
export async function sumFinishedMinutesSince(db: Executor, query: { fromId: string; since: Date }): Promise<number> {
  const row = await db
    .selectFrom("focus_sessions")
    .select((eb) => eb.fn.sum<string | null>("focused_minutes").as("minutes"))
    .where("id", ">=", query.fromId)
    .where("status", "=", "finished")
    .where("ended_at", ">=", query.since)
    .executeTakeFirst();
  return Number(row?.minutes ?? 0);
}

/** Sessions running now, read from the unique index of running sessions. */
export async function countRunning(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("focus_sessions")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("running_user_id", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Everything of one person, each table on its own user index. */
export async function deleteAllOf(db: Executor, userId: string) {
  await db.deleteFrom("focus_sessions").where("user_id", "=", userId).execute();
  await db.deleteFrom("focus_days").where("user_id", "=", userId).execute();
  await db.deleteFrom("focus_tag_days").where("user_id", "=", userId).execute();
  await db.deleteFrom("focus_streaks").where("user_id", "=", userId).execute();
}
