// What focus sessions and statistics look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Id } from "../id";
import { text } from "../text";

export const Mode = z.enum(["pomodoro", "countdown", "countup"]);
export const Status = z.enum(["running", "finished", "abandoned", "expired"]);

/** A tag groups sessions ("Study", "ｓｔｕｄｙ " and "study" are one tag): NFKC, trimmed, single-spaced, lower case. */
export const Tag = text({
  id: "Tag",
  subject: "A tag",
  min: 1,
  max: 24,
  counts: "code points",
  form: "NFKC",
  fold: (tag) => tag.toLowerCase(),
  column: { table: "focus_sessions", column: "tag", size: 24 },
  derived: [{ form: (tag) => tag, column: { table: "focus_tag_days", column: "tag", size: 24 } }],
});

export const Minutes = z
  .int({
    error: (issue) => (issue.input === undefined ? "A pomodoro or countdown needs plannedMinutes." : undefined),
  })
  .check(z.gte(1), z.lte(180));

/** A pomodoro or countdown runs for a planned time; a count-up may name one or not. */
const timedModes = ["pomodoro", "countdown"] as const;
export const StartSession = z.discriminatedUnion(
  "mode",
  [
    z.strictObject({ mode: z.enum(timedModes), plannedMinutes: Minutes, tag: z.optional(Tag) }),
    z.strictObject({ mode: z.literal("countup"), plannedMinutes: z.optional(Minutes), tag: z.optional(Tag) }),
  ],
  {
    error: (issue) => (issue.code === "invalid_union" ? `Expected one of: ${Mode.options.join(", ")}.` : undefined),
  },
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
