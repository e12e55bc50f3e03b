// What focus sessions and statistics look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Id } from "../id";

export const Mode = z.enum(["pomodoro", "countdown", "countup"]);
export const Status = z.enum(["running", "finished", "abandoned", "expired"]);

/** A tag groups sessions ("Study", "ｓｔｕｄｙ " and "study" are one tag): NFKC, trimmed, single-spaced, lower case. */
export const Tag = z
  .pipe(
    z.string().check(z.maxLength(100)),
    z.transform((tag: string) => tag.normalize("NFKC").trim().replace(/\s+/gu, " ").toLowerCase()),
  )
  .check(
    z.refine((tag) => tag.length > 0, "A tag needs at least one character."),
    z.refine((tag) => [...tag].length <= 24, "A tag has at most 24 characters."),
    z.refine((tag) => !/\p{Cc}/u.test(tag), "A tag may not contain control characters."),
  );

export const Minutes = z.int().check(z.gte(1), z.lte(180));

export const StartSession = z
  .strictObject({ mode: Mode, plannedMinutes: z.optional(Minutes), tag: z.optional(Tag) })
  .check(
    z.refine((start) => start.mode === "countup" || start.plannedMinutes !== undefined, {
      message: "A pomodoro or countdown needs plannedMinutes.",
      path: ["plannedMinutes"],
    }),
  );

export const FinishSession = z.strictObject({
  /** What the client counted; the server credits at most what it measured. */
  focusedMinutes: z.optional(z.int().check(z.gte(0), z.lte(1440))),
});

export const SessionPath = z.object({ id: Id });

export const Session = z.object({
  id: z.string(),
  mode: Mode,
  plannedMinutes: z.nullable(z.int()),
  tag: z.nullable(z.string()),
  status: Status,
  startedAt: z.iso.datetime(),
  endedAt: z.nullable(z.iso.datetime()),
  /** Minutes credited (and coins paid, one per minute) once finished. */
  focusedMinutes: z.nullable(z.int()),
});
export type Session = z.infer<typeof Session>;

/** A finish also names the items it unlocked (empty on a retry: they were granted the first time). */
export const FinishedSession = z.extend(Session, { unlockedItems: z.array(z.string()) });
export type FinishedSession = z.infer<typeof FinishedSession>;

export const Range = z.enum(["day", "week", "month"]);
export type Range = z.infer<typeof Range>;
export const StatsQuery = z.object({ range: z._default(Range, "week") });

const Total = z.object({ minutes: z.int(), sessions: z.int() });
export const Stats = z.object({
  timeZone: z.string(),
  today: z.iso.date(),
  range: Range,
  totals: z.object({ day: Total, week: Total, month: Total }),
  /** Every local day of the range (today only, Monday to Sunday, or the whole month), zeros included. */
  series: z.array(z.object({ day: z.iso.date(), minutes: z.int(), sessions: z.int() })),
  streak: z.object({ current: z.int(), longest: z.int() }),
  /** Minutes by tag within the range, most first. */
  tags: z.array(z.object({ tag: z.string(), minutes: z.int() })),
});
export type Stats = z.infer<typeof Stats>;
