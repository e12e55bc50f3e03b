import { describe, expect, it } from "vitest";
import { streakAfter } from "./streak";

describe("a streak after a focused day", () => {
  const streak = { lastDay: "2026-05-10", currentDays: 3, longestDays: 5, totalMinutes: 100 };

  it("starts at one day with the first minutes", () => {
    expect(streakAfter(undefined, "2026-05-10", 25)).toEqual({
      lastDay: "2026-05-10",
      currentDays: 1,
      longestDays: 1,
      totalMinutes: 25,
    });
  });

  it("keeps its days on the same day, grows on the next, and restarts after a gap", () => {
    expect(streakAfter(streak, "2026-05-10", 5)).toEqual({ ...streak, totalMinutes: 105 });
    expect(streakAfter(streak, "2026-05-11", 5)).toEqual({
      ...streak,
      lastDay: "2026-05-11",
      currentDays: 4,
      totalMinutes: 105,
    });
    expect(streakAfter(streak, "2026-05-13", 5)).toEqual({
      ...streak,
      lastDay: "2026-05-13",
      currentDays: 1,
      totalMinutes: 105,
    });
  });

  it("raises the longest streak once the current one passes it, across a month's end", () => {
    const long = { lastDay: "2026-05-31", currentDays: 5, longestDays: 5, totalMinutes: 0 };
    expect(streakAfter(long, "2026-06-01", 10)).toEqual({
      lastDay: "2026-06-01",
      currentDays: 6,
      longestDays: 6,
      totalMinutes: 10,
    });
  });

  it("leaves its days alone for a day before its last (the time zone moved west), counting the minutes", () => {
    expect(streakAfter(streak, "2026-05-09", 5)).toEqual({ ...streak, totalMinutes: 105 });
  });
});
