import { afterEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import { advanceClock, now, resetClock } from "../clock";
import { trackUsage } from "../usage";
import * as Profile from "../profile";
import * as Item from "../item";
import * as Wallet from "../wallet";
import * as Focus from "./index";
import * as repo from "./repo";
import { db } from "../db";

const minute = 60 * 1000;
const hour = 60 * minute;

afterEach(() => resetClock());

async function newUser(timeZone?: string): Promise<string> {
  const { userId } = await Account.signup({});
  if (timeZone) await Profile.updateMe({ userId, changes: { timeZone } });
  return userId;
}

/** Moves the shared test clock to an absolute instant. */
function setClock(iso: string): void {
  advanceClock(new Date(iso).getTime() - now().getTime());
}

function startPomodoro(userId: string, tag?: string) {
  return Focus.start({ userId, session: { mode: "pomodoro", plannedMinutes: 25, tag } });
}

/** A finished session of `minutes`, ending now plus `minutes`. */
async function focusFor(userId: string, minutes: number, tag?: string) {
  const session = await startPomodoro(userId, tag);
  advanceClock(minutes * minute);
  return Focus.finish({ userId, sessionId: session.id });
}

describe("starting", () => {
  it("starts a running session with its tag normalised", async () => {
    const session = await startPomodoro(await newUser(), "  Ｄｅｅｐ   Work ");
    expect(session).toMatchObject({ status: "running", mode: "pomodoro", plannedMinutes: 25, tag: "deep work" });
  });

  it("needs planned minutes for a pomodoro or countdown, not for a count-up", async () => {
    const userId = await newUser();
    await expect(Focus.start({ userId, session: { mode: "countdown" } as never })).rejects.toMatchObject({
      status: 400,
    });
    await expect(Focus.start({ userId, session: { mode: "countdown", plannedMinutes: 181 } })).rejects.toMatchObject({
      status: 400,
    });
    await expect(startPomodoro(userId, "x".repeat(25))).rejects.toMatchObject({ status: 400 });
    expect((await Focus.start({ userId, session: { mode: "countup" } })).plannedMinutes).toBeNull();
  });

  it("refuses a second session while one runs, naming the running one so the client can pick it up", async () => {
    const userId = await newUser();
    expect(await Focus.current({ userId })).toBeNull();
    await expect(Focus.running({ userId })).rejects.toMatchObject({ status: 404, code: "no_running_session" });
    const running = await startPomodoro(userId);
    await expect(startPomodoro(userId)).rejects.toMatchObject({
      status: 409,
      code: "session_running",
      details: [{ path: "sessionId", message: running.id }],
      fields: { sessionId: running.id },
    });
    expect(await Focus.running({ userId })).toEqual(running);
  });

  it("lets one of many simultaneous starts win", async () => {
    const userId = await newUser();
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => startPomodoro(userId)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const winner = outcomes.find((outcome) => outcome.status === "fulfilled")!.value;
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        expect(outcome.reason).toMatchObject({ code: "session_running", fields: { sessionId: winner.id } });
      }
    }
  });

  it("expires a forgotten session when a new one starts", async () => {
    const userId = await newUser();
    const stale = await startPomodoro(userId);
    advanceClock(6 * hour + minute);
    const fresh = await startPomodoro(userId);
    expect(fresh.id).not.toBe(stale.id);
    await expect(Focus.finish({ userId, sessionId: stale.id })).rejects.toMatchObject({ code: "session_expired" });
  });

  it("expires a forgotten session once and lets one start win when many race for its slot", async () => {
    const userId = await newUser();
    const stale = await startPomodoro(userId);
    advanceClock(6 * hour + minute);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => startPomodoro(userId)));
    const started = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    expect(started).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        expect(outcome.reason).toMatchObject({ code: "session_running", fields: { sessionId: started[0]!.id } });
      }
    }
    expect((await Focus.current({ userId }))?.id).toBe(started[0]!.id);
    await expect(Focus.finish({ userId, sessionId: stale.id })).rejects.toMatchObject({ code: "session_expired" });
  });

  it("starts in a transaction of two inserts, with no read first", async () => {
    const userId = await newUser();
    await Focus.abandon({ userId, sessionId: (await startPomodoro(userId)).id });
    const { usage, result } = trackUsage(() => startPomodoro(userId));
    await result;
    // The start count, then BEGIN, the session, presence and COMMIT.
    expect(usage.dbQueries).toBe(5);
  });
});

describe("finishing", () => {
  it("credits at most the whole minutes that passed on the server's clock, whatever the client claims", async () => {
    const userId = await newUser();
    const session = await startPomodoro(userId);
    advanceClock(10 * minute + 59 * 1000);
    const finished = await Focus.finish({ userId, sessionId: session.id, focusedMinutes: 180 });
    expect(finished).toMatchObject({ status: "finished", focusedMinutes: 10 });
    expect(await Wallet.balanceOf({ userId })).toBe(10);
  });

  it(`pays nothing for a session shorter than ${Focus.minPaidMinutes} minutes on the server's clock`, async () => {
    const userId = await newUser();
    const session = await startPomodoro(userId);
    // 185 seconds, claimed as 4 minutes: the old tolerance paid 4.
    advanceClock(185 * 1000);
    const finished = await Focus.finish({ userId, sessionId: session.id, focusedMinutes: 4 });
    expect(finished).toMatchObject({ status: "finished", focusedMinutes: 0 });
    const justLongEnough = await startPomodoro(userId);
    advanceClock(Focus.minPaidMinutes * minute);
    expect((await Focus.finish({ userId, sessionId: justLongEnough.id, focusedMinutes: 25 })).focusedMinutes).toBe(
      Focus.minPaidMinutes,
    );
    expect(await Wallet.balanceOf({ userId })).toBe(Focus.minPaidMinutes);
  });

  it("earns nothing from starting and finishing at once, however many times, and unlocks nothing", async () => {
    const userId = await newUser();
    for (let loop = 0; loop < 20; loop++) {
      const session = await Focus.start({ userId, session: { mode: "countup" } });
      advanceClock(1000);
      const finished = await Focus.finish({ userId, sessionId: session.id, focusedMinutes: 1 });
      expect(finished).toMatchObject({ focusedMinutes: 0, unlockedItems: [] });
    }
    expect(await Wallet.balanceOf({ userId })).toBe(0);
    expect((await Focus.stats({ userId, range: "day" })).totals.day).toEqual({ minutes: 0, sessions: 0 });
    const owned = await Item.inventory({ userId, limit: 100 });
    expect(owned.items.filter((item) => item.source === "unlock")).toEqual([]);
  });

  it("respects a claim lower than the measured minutes, and credits measured minutes without a claim", async () => {
    const userId = await newUser();
    const first = await startPomodoro(userId);
    advanceClock(20 * minute);
    expect((await Focus.finish({ userId, sessionId: first.id, focusedMinutes: 5 })).focusedMinutes).toBe(5);
    expect((await focusFor(userId, 7)).focusedMinutes).toBe(7);
    expect(await Wallet.balanceOf({ userId })).toBe(12);
  });

  it("refuses to finish a session older than six hours, and keeps it expired", async () => {
    const userId = await newUser();
    const session = await startPomodoro(userId);
    advanceClock(6 * hour + minute);
    await expect(Focus.finish({ userId, sessionId: session.id })).rejects.toMatchObject({
      status: 409,
      code: "session_expired",
    });
    await expect(Focus.finish({ userId, sessionId: session.id })).rejects.toMatchObject({ code: "session_expired" });
    expect(await Focus.current({ userId })).toBeNull();
    expect(await Wallet.balanceOf({ userId })).toBe(0);
    await startPomodoro(userId);
  });

  it("answers 404 for someone else's session, for finish and abandon alike", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const session = await startPomodoro(owner);
    await expect(Focus.finish({ userId: stranger, sessionId: session.id })).rejects.toMatchObject({ status: 404 });
    await expect(Focus.abandon({ userId: stranger, sessionId: session.id })).rejects.toMatchObject({ status: 404 });
    expect((await Focus.current({ userId: owner }))?.id).toBe(session.id);
  });

  it("pays once when finished twice, and answers the same", async () => {
    const userId = await newUser();
    const session = await startPomodoro(userId);
    advanceClock(25 * minute);
    const first = await Focus.finish({ userId, sessionId: session.id });
    advanceClock(5 * minute);
    expect(await Focus.finish({ userId, sessionId: session.id, focusedMinutes: 30 })).toEqual(first);
    expect(await Wallet.balanceOf({ userId })).toBe(25);
  });

  it("pays once when finished 50 times at once, and the ledger equals the balance", async () => {
    const userId = await newUser("Asia/Tokyo");
    const session = await startPomodoro(userId, "Study");
    advanceClock(25 * minute);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => Focus.finish({ userId, sessionId: session.id })),
    );
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await Wallet.balanceOf({ userId })).toBe(25);
    const stats = await Focus.stats({ userId, range: "day" });
    expect(stats.totals.day).toEqual({ minutes: 25, sessions: 1 });
    expect(stats.tags).toEqual([{ tag: "study", minutes: 25 }]);
    expect(stats.streak).toEqual({ current: 1, longest: 1 });
    const ledger = await Wallet.ledger({ userId, limit: 100 });
    expect(ledger.items.map((entry) => entry.amount)).toEqual([25]);
  });

  it("pays the first sessions of many people finished at once, each once, with no deadlock over new streaks", async () => {
    // A locking read of a streak that does not exist yet locks the gap where new ones go: first
    // finishes at once then deadlock on each other's inserts. They must not.
    await Item.catalog();
    const people = await Promise.all(Array.from({ length: 24 }, () => newUser()));
    const sessions = await Promise.all(people.map((userId) => startPomodoro(userId, "Study")));
    advanceClock(25 * minute);
    const finished = await Promise.all(
      people.map((userId, index) => Focus.finish({ userId, sessionId: sessions[index]!.id })),
    );
    expect(finished.map((session) => session.focusedMinutes)).toEqual(people.map(() => 25));
    for (const userId of people) {
      expect(await Wallet.balanceOf({ userId })).toBe(25);
      expect((await Focus.stats({ userId, range: "day" })).streak).toEqual({ current: 1, longest: 1 });
    }
  });

  it("abandons without pay, twice alike, and frees the slot", async () => {
    const userId = await newUser();
    const session = await startPomodoro(userId);
    advanceClock(10 * minute);
    const abandoned = await Focus.abandon({ userId, sessionId: session.id });
    expect(abandoned.status).toBe("abandoned");
    expect(await Focus.abandon({ userId, sessionId: session.id })).toEqual(abandoned);
    await expect(Focus.finish({ userId, sessionId: session.id })).rejects.toMatchObject({ status: 409 });
    expect(await Wallet.balanceOf({ userId })).toBe(0);
    await startPomodoro(userId);
  });
});

describe("the streak a finish writes", () => {
  it("is replaced only while it is what the finish read, the first one included", async () => {
    const userId = await newUser();
    const first = { lastDay: "2026-05-10", currentDays: 1, longestDays: 1, totalMinutes: 25 };
    expect(await repo.replaceStreak(db(), userId, undefined, first)).toBe(true);
    // Another finish wrote the first streak already.
    expect(await repo.replaceStreak(db(), userId, undefined, first)).toBe(false);
    const second = { ...first, lastDay: "2026-05-11", currentDays: 2, longestDays: 2, totalMinutes: 35 };
    expect(await repo.replaceStreak(db(), userId, first, second)).toBe(true);
    // Read before the second was written: stale.
    expect(await repo.replaceStreak(db(), userId, first, { ...second, totalMinutes: 40 })).toBe(false);
    expect(
      await repo.findStats(db(), {
        userId,
        from: "2026-05-01",
        to: "2026-05-31",
        tagsFrom: "2026-05-01",
        tagsTo: "2026-05-31",
      }),
    ).toEqual([{ kind: "streak", lastDay: "2026-05-11", currentDays: 2, longestDays: 2 }]);
  });
});

describe("statistics", () => {
  it("counts a session by the local day it ended in the person's time zone", async () => {
    const tokyo = await newUser("Asia/Tokyo");
    const utc = await newUser();
    // 23:50 in Tokyo on 10 March (14:50 UTC); the sessions end 20 minutes later, on 11 March in Tokyo.
    setClock("2026-03-10T14:50:00Z");
    const inTokyo = await startPomodoro(tokyo);
    const inUtc = await startPomodoro(utc);
    advanceClock(20 * minute);
    await Focus.finish({ userId: tokyo, sessionId: inTokyo.id });
    await Focus.finish({ userId: utc, sessionId: inUtc.id });

    const tokyoStats = await Focus.stats({ userId: tokyo, range: "week" });
    expect(tokyoStats.today).toBe("2026-03-11");
    expect(tokyoStats.totals.day).toEqual({ minutes: 20, sessions: 1 });
    // Monday 9 March to Sunday 15 March.
    expect(tokyoStats.series.map((entry) => entry.day)).toEqual([
      "2026-03-09",
      "2026-03-10",
      "2026-03-11",
      "2026-03-12",
      "2026-03-13",
      "2026-03-14",
      "2026-03-15",
    ]);
    expect(tokyoStats.series[2]).toEqual({ day: "2026-03-11", minutes: 20, sessions: 1 });

    const utcStats = await Focus.stats({ userId: utc, range: "day" });
    expect(utcStats.today).toBe("2026-03-10");
    expect(utcStats.series).toEqual([{ day: "2026-03-10", minutes: 20, sessions: 1 }]);
  });

  it("sums the week and the month across a month boundary", async () => {
    const userId = await newUser();
    setClock("2026-03-30T09:00:00Z"); // Monday
    await focusFor(userId, 30);
    setClock("2026-04-01T09:00:00Z"); // Wednesday, same week, next month
    await focusFor(userId, 15);
    const stats = await Focus.stats({ userId, range: "month" });
    expect(stats.totals).toEqual({
      day: { minutes: 15, sessions: 1 },
      week: { minutes: 45, sessions: 2 },
      month: { minutes: 15, sessions: 1 },
    });
    expect(stats.series).toHaveLength(30);
    expect(stats.series[0]).toEqual({ day: "2026-04-01", minutes: 15, sessions: 1 });
  });

  it("counts the current and the longest streak of local days", async () => {
    const userId = await newUser("Asia/Tokyo");
    setClock("2026-05-01T01:00:00Z"); // 10:00 in Tokyo
    for (const _ of [1, 2, 3]) {
      await focusFor(userId, 10);
      advanceClock(24 * hour - 10 * minute);
    }
    advanceClock(24 * hour); // a day off
    await focusFor(userId, 10);
    expect((await Focus.stats({ userId, range: "day" })).streak).toEqual({ current: 1, longest: 3 });
    advanceClock(24 * hour); // yesterday still counts
    expect((await Focus.stats({ userId, range: "day" })).streak).toEqual({ current: 1, longest: 3 });
    advanceClock(24 * hour);
    expect((await Focus.stats({ userId, range: "day" })).streak).toEqual({ current: 0, longest: 3 });
  });

  it("does not extend a streak with a session of no focused minutes", async () => {
    const userId = await newUser();
    const session = await startPomodoro(userId);
    await Focus.finish({ userId, sessionId: session.id, focusedMinutes: 0 });
    const stats = await Focus.stats({ userId, range: "day" });
    expect(stats.streak).toEqual({ current: 0, longest: 0 });
    expect(stats.totals.day).toEqual({ minutes: 0, sessions: 0 });
  });

  it("sums minutes by normalised tag, most first", async () => {
    const userId = await newUser();
    await focusFor(userId, 10, "Study");
    await focusFor(userId, 5, " ｓｔｕｄｙ ");
    await focusFor(userId, 20, "Reading");
    await focusFor(userId, 3);
    const stats = await Focus.stats({ userId, range: "week" });
    expect(stats.tags).toEqual([
      { tag: "reading", minutes: 20 },
      { tag: "study", minutes: 15 },
    ]);
  });

  it("answers in at most two queries", async () => {
    const userId = await newUser();
    await focusFor(userId, 10, "Study");
    const { usage, result } = trackUsage(() => Focus.stats({ userId, range: "month" }));
    await result;
    expect(usage.dbQueries).toBeLessThanOrEqual(2);
  });
});
