// Focus sessions: timed work that pays one coin per focused minute, with daily aggregates in
// the person's own time zone for statistics and streaks. The server's clock decides what counts.
import * as z from "zod/mini";
import { now } from "../clock";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { AppError, Conflict, NotFound, Unavailable } from "../error";
import { fn } from "../fn";
import { Id, idFloor, newId } from "../id";
import * as Item from "../item";
import * as Limit from "../limit";
import * as Profile from "../profile";
import * as Space from "../space";
import * as Wallet from "../wallet";
import { addDays, daysFrom, localDay, monthEnd, monthStart, weekStart } from "./day";
import * as repo from "./repo";
import { type Streak, streakAfter } from "./streak";
import { type FinishedSession, FinishSession, Range, type Session, StartSession, type Stats } from "./schema";

export * from "./schema";

/** A session running longer than this was forgotten, not focused on: it can only expire. */
export const maxSessionMs = 6 * 60 * 60 * 1000;
/**
 * A session shorter than this on the server's clock pays nothing, so that starting and finishing
 * at once, over and over, earns no coin and no unlock.
 */
export const minPaidMinutes = 5;
const minuteMs = 60 * 1000;

/** Starts per person: a few sessions an hour, started and abandoned over and over, fit well inside. */
export const startLimit: Limit.Rule = {
  name: "focus-start",
  max: 30,
  windowSeconds: 3600,
  what: "focus sessions started",
};

/** Inserts a start tries when the slot is held by a forgotten session, which expires to make room. */
const startAttempts = 3;

/**
 * Starts a session in the person's running slot (a unique key), so that one runs at a time however
 * starts race, without a read first: a taken slot refuses the insert, then names its session.
 */
export const start = fn(
  z.object({ userId: Id, session: StartSession }),
  async ({ userId, session }): Promise<Session> => {
    await Limit.take(startLimit, userId);
    const at = now();
    const row = {
      id: newId(at.getTime()),
      userId,
      mode: session.mode,
      plannedMinutes: session.plannedMinutes ?? null,
      tag: session.tag ?? null,
      at,
    };
    // Count-up sessions have no planned end; friends see "focusing" without a time until it would expire.
    const endsAt = row.plannedMinutes === null ? null : new Date(at.getTime() + row.plannedMinutes * minuteMs);
    for (let attempt = 1; ; attempt++) {
      try {
        await transaction(async (tx) => {
          await repo.insertSession(tx, row);
          await Space.recordFocusWithin(tx, userId, { endsAt, until: endsAt ?? expiresAt({ started_at: at }) });
        });
        break;
      } catch (error) {
        if (!isDuplicateKey(error, "focus_sessions_running")) throw error;
      }
      const running = await repo.findRunningSession(db(), userId);
      if ((running && !isStale(running, at)) || attempt === startAttempts) throw sessionRunning(running?.id);
      // Forgotten past its six hours (or ended since): the slot is free once it expires.
      if (running) await expire(running);
    }
    return {
      id: row.id,
      mode: row.mode,
      plannedMinutes: row.plannedMinutes,
      tag: row.tag,
      status: "running",
      startedAt: at.toISOString(),
      endedAt: null,
      focusedMinutes: null,
    };
  },
);

/** Reads of a session before giving up on one that other requests keep changing. */
const finishAttempts = 3;

/**
 * Credits the focused minutes (what the client claims, at most the whole minutes that passed on
 * the server's clock, and nothing below minPaidMinutes) to the day aggregates, the streak and the
 * wallet, all in one transaction. The session is read first, with the streak, and claimed by its
 * status when it ends: a retried or concurrent finish that loses the claim reads it again, sees it
 * finished and answers the same.
 */
export const finish = fn(
  z.extend(FinishSession, { userId: Id, sessionId: Id }),
  async ({ userId, sessionId, focusedMinutes }): Promise<FinishedSession> => {
    for (let attempt = 1; ; attempt++) {
      const found = await repo.findSessionWithStreak(db(), sessionId, Profile.timeZoneTable(db()));
      if (!found || found.session.user_id !== userId) throw new NotFound("focus session", sessionId);
      const { session, streak, timeZone } = found;
      if (session.status === "finished") return { ...toSession(session), unlockedItems: [] };
      if (session.status !== "running") throw notRunning(session.status);
      if (timeZone === undefined) throw new NotFound("profile", userId);
      const outcome = await finishOnce({ session, streak, timeZone, focusedMinutes });
      if (outcome.kind === "finished") return { ...toSession(outcome.row), unlockedItems: outcome.unlocked };
      // Thrown after the transaction so that the expiry is kept.
      if (outcome.kind === "expired") throw notRunning("expired");
      if (attempt === finishAttempts) {
        throw new Unavailable("The session keeps changing; try again shortly.", { code: "contention", retryAfter: 1 });
      }
    }
  },
);

/** What a finish's transaction decided: paid, too old to pay, or beaten to the session or the streak. */
type FinishOutcome =
  { kind: "finished"; row: repo.SessionRow; unlocked: string[] } | { kind: "expired" } | { kind: "raced" };

/** Thrown inside the transaction when another request ended the session or moved the streak first. */
class Raced extends Error {}

async function finishOnce(read: {
  session: repo.SessionRow;
  streak: Streak | undefined;
  timeZone: string;
  focusedMinutes: number | undefined;
}): Promise<FinishOutcome> {
  try {
    return await transaction((tx) => finishWithin(tx, read));
  } catch (error) {
    if (error instanceof Raced) return { kind: "raced" };
    throw error;
  }
}

async function finishWithin(
  tx: Executor,
  { session, streak, timeZone, focusedMinutes }: Parameters<typeof finishOnce>[0],
): Promise<FinishOutcome> {
  const userId = session.user_id;
  const at = now();
  if (isStale(session, at)) {
    await claim(tx, session.id, { status: "expired", at: expiresAt(session), focusedMinutes: 0 });
    await Space.clearFocusWithin(tx, userId);
    return { kind: "expired" };
  }
  const elapsed = Math.floor((at.getTime() - session.started_at.getTime()) / minuteMs);
  const minutes = elapsed < minPaidMinutes ? 0 : Math.min(focusedMinutes ?? elapsed, elapsed);
  await claim(tx, session.id, { status: "finished", at, focusedMinutes: minutes });
  await Space.clearFocusWithin(tx, userId);
  let unlocked: string[] = [];
  if (minutes > 0) {
    const day = localDay(at, timeZone);
    await repo.addToDay(tx, { userId, day, minutes });
    if (session.tag !== null) await repo.addToTagDay(tx, { userId, day, tag: session.tag, minutes });
    const after = streakAfter(streak, day, minutes);
    if (!(await repo.replaceStreak(tx, userId, streak, after))) throw new Raced();
    await Wallet.creditWithin(tx, { userId, amount: minutes, reason: "focus", reference: session.id });
    unlocked = await Item.grantUnlocksWithin(tx, userId, {
      totalMinutes: after.totalMinutes,
      streakDays: after.currentDays,
      at,
    });
  }
  return {
    kind: "finished",
    row: { ...session, status: "finished", ended_at: at, focused_minutes: minutes },
    unlocked,
  };
}

/** Ends the session if it still runs: the one request that does is the one that pays. */
async function claim(tx: Executor, sessionId: string, end: Parameters<typeof repo.endSession>[2]): Promise<void> {
  if (!(await repo.endSession(tx, sessionId, end))) throw new Raced();
}

/** The caller's running session, if any (an expired one is not running). */
export const current = fn(z.object({ userId: Id }), async ({ userId }): Promise<Session | null> => {
  const row = await repo.findRunningSession(db(), userId);
  return row && !isStale(row, now()) ? toSession(row) : null;
});

/** The running session for a client that lost track of it (404 no_running_session when none runs). */
export const running = fn(z.object({ userId: Id }), async ({ userId }): Promise<Session> => {
  const session = await current({ userId });
  if (!session) throw new NotFound("running focus session", undefined, "no_running_session");
  return session;
});

/** Stops a running session without pay; abandoning it again answers the same. */
export const abandon = fn(z.object({ userId: Id, sessionId: Id }), async ({ userId, sessionId }): Promise<Session> => {
  const row = await repo.findSession(db(), sessionId);
  if (!row || row.user_id !== userId) throw new NotFound("focus session", sessionId);
  if (row.status === "abandoned") return toSession(row);
  if (row.status !== "running") throw notRunning(row.status);
  const at = now();
  const ended = await transaction(async (tx) => {
    if (!(await repo.endSession(tx, row.id, { userId, status: "abandoned", at, focusedMinutes: null }))) return false;
    await Space.clearFocusWithin(tx, userId);
    return true;
  });
  // A finish got there first.
  if (!ended) throw notRunning("finished");
  return toSession({ ...row, status: "abandoned", ended_at: at });
});

/** Two queries: the time zone, then every aggregate the answer needs. */
export const stats = fn(
  z.object({ userId: Id, range: z._default(Range, "week") }),
  async ({ userId, range }): Promise<Stats> => {
    const { timeZone } = await Profile.getMe({ userId });
    const today = localDay(now(), timeZone);
    const week = { first: weekStart(today), last: addDays(weekStart(today), 6) };
    const month = { first: monthStart(today), last: monthEnd(today) };
    const shown = range === "day" ? { first: today, last: today } : range === "week" ? week : month;
    const rows = await repo.findStats(db(), {
      userId,
      from: week.first < month.first ? week.first : month.first,
      to: week.last > month.last ? week.last : month.last,
      tagsFrom: shown.first,
      tagsTo: shown.last,
    });

    const days = new Map<string, { minutes: number; sessions: number }>();
    const tags: Stats["tags"] = [];
    let streak = { current: 0, longest: 0 };
    for (const row of rows) {
      if (row.kind === "day") days.set(row.day, { minutes: row.minutes, sessions: row.sessions });
      else if (row.kind === "tag") tags.push({ tag: row.tag, minutes: row.minutes });
      // A streak whose last day is before yesterday has ended.
      else streak = { current: row.lastDay >= addDays(today, -1) ? row.currentDays : 0, longest: row.longestDays };
    }
    const total = ({ first, last }: { first: string; last: string }) => {
      let minutes = 0;
      let sessions = 0;
      for (const [day, counts] of days) {
        if (day < first || day > last) continue;
        minutes += counts.minutes;
        sessions += counts.sessions;
      }
      return { minutes, sessions };
    };
    return {
      timeZone,
      today,
      range,
      totals: { day: total({ first: today, last: today }), week: total(week), month: total(month) },
      series: daysFrom(shown.first, shown.last).map((day) => ({
        day,
        ...(days.get(day) ?? { minutes: 0, sessions: 0 }),
      })),
      streak,
      tags: tags.sort((a, b) => b.minutes - a.minutes || (a.tag < b.tag ? -1 : 1)),
    };
  },
);

/** Minutes of every session finished since `since` (the console's "focused today"). */
export const minutesFinishedSince = fn(z.object({ since: z.date() }), async ({ since }) =>
  repo.sumFinishedMinutesSince(db(), { fromId: idFloor(since.getTime() - maxSessionMs), since }),
);

/** Sessions running now, stale ones included until someone touches them. */
export const countRunning = fn(z.object({}), async () => repo.countRunning(db()));

function isStale(row: { started_at: Date }, at: Date): boolean {
  return at.getTime() - row.started_at.getTime() > maxSessionMs;
}

function expiresAt(row: { started_at: Date }): Date {
  return new Date(row.started_at.getTime() + maxSessionMs);
}

async function expire(row: repo.SessionRow): Promise<void> {
  await repo.endSession(db(), row.id, { status: "expired", at: expiresAt(row), focusedMinutes: 0 });
}

/** The running session's id rides in `details` and as `sessionId`, so the client can finish or abandon it. */
function sessionRunning(sessionId: string | undefined): AppError {
  const error = new AppError(
    409,
    "session_running",
    "A focus session is already running; finish or abandon it first.",
    {
      details: sessionId === undefined ? undefined : [{ path: "sessionId", message: sessionId }],
    },
  );
  if (sessionId !== undefined) error.fields = { sessionId };
  return error;
}

function notRunning(status: string): Conflict {
  if (status === "expired") {
    return new Conflict("The session ran for more than 6 hours and has expired.", "session_expired");
  }
  return new Conflict(`The session is already ${status}.`, `session_${status}`);
}

function toSession(row: repo.SessionRow): Session {
  return {
    id: row.id,
    mode: row.mode as Session["mode"],
    plannedMinutes: row.planned_minutes,
    tag: row.tag,
    status: row.status as Session["status"],
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    focusedMinutes: row.focused_minutes,
  };
}

/** Called by account deletion inside its transaction: the sessions, daily totals, tags and streak. */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await repo.deleteAllOf(executor, userId);
}
