import { addDays } from "./day";

/** A person's run of local days with focus, and their lifetime minutes (what unlocks are measured by). */
export interface Streak {
  lastDay: string;
  currentDays: number;
  longestDays: number;
  totalMinutes: number;
}

/**
 * The streak after `minutes` of focus on `day`: the same day keeps it, the next day extends it,
 * a later day starts it again, and a day before the last one (the time zone moved west) leaves it.
 */
export function streakAfter(streak: Streak | undefined, day: string, minutes: number): Streak {
  if (!streak) return { lastDay: day, currentDays: 1, longestDays: 1, totalMinutes: minutes };
  const { lastDay, currentDays } = streak;
  const days =
    lastDay === day ? currentDays : addDays(lastDay, 1) === day ? currentDays + 1 : lastDay < day ? 1 : currentDays;
  return {
    lastDay: day > lastDay ? day : lastDay,
    currentDays: days,
    longestDays: Math.max(streak.longestDays, days),
    totalMinutes: streak.totalMinutes + minutes,
  };
}
