// Notices on the wire: announcements with a title and body per language, a time window,
// target platforms and a priority.
import * as z from "zod/mini";
import { Platform } from "../app/schema";
import { Cursor } from "../cursor";
import { Id } from "../id";
import { text } from "../text";

export const Language = z.enum(["ja", "en"]);
const Instant = z.iso.datetime({ offset: true });
// Stored in JSON columns (one entry per language), which have no size of their own.
const Title = text({ id: "NoticeTitle", subject: "A title", min: 1, max: 80, counts: "code points", form: "NFC" });
const Body = text({
  id: "NoticeBody",
  subject: "A notice",
  min: 1,
  max: 4000,
  counts: "code points",
  form: "NFC",
  multiline: true,
});

/** Japanese is required (the app's first language); English falls back to it. */
export const NoticeInput = z
  .strictObject({
    title: z.strictObject({ ja: Title, en: z.optional(Title) }),
    body: z.strictObject({ ja: Body, en: z.optional(Body) }),
    platforms: z.array(Platform).check(z.minLength(1), z.maxLength(2)),
    priority: z._default(z.int().check(z.gte(0), z.lte(100)), 0),
    startsAt: Instant,
    endsAt: Instant,
  })
  .check(
    z.refine((notice) => Date.parse(notice.startsAt) < Date.parse(notice.endsAt), {
      message: "A notice ends after it starts.",
      path: ["endsAt"],
    }),
  );
export type NoticeInput = z.output<typeof NoticeInput>;

export const NoticesQuery = z.object({ lang: z._default(Language, "ja"), platform: z.optional(Platform) });

export const Notice = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  priority: z.int(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
});
export type Notice = z.infer<typeof Notice>;
export const NoticeList = z.object({ items: z.array(Notice) });
export type NoticeList = z.infer<typeof NoticeList>;

/** A notice as stored, every language and platform: for the admin console. */
export const StoredNotice = z.object({
  id: z.string(),
  title: z.object({ ja: z.string(), en: z.optional(z.string()) }),
  body: z.object({ ja: z.string(), en: z.optional(z.string()) }),
  platforms: z.array(Platform),
  priority: z.int(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export type StoredNotice = z.infer<typeof StoredNotice>;
export const AllNoticesQuery = z.object({
  cursor: z.optional(Cursor),
  limit: z._default(z.int().check(z.gte(1), z.lte(100)), 50),
});
export const NoticePath = z.object({ id: Id });
