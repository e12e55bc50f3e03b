// What profiles look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { text } from "../text";
import { FriendId } from "./friend-id";
import { foldForSearch, Name } from "./name";

export { FriendId } from "./friend-id";
export { Name } from "./name";

export const Bio = text({
  id: "Bio",
  subject: "A bio",
  min: 0,
  max: 160,
  counts: "code points",
  form: "NFC",
  multiline: true,
  column: { table: "profiles", column: "bio", size: 500 },
});

/** The form of an IANA zone name; which names exist is Intl's list (any case: canonicalised). */
const zoneName = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

export const TimeZone = z.pipe(
  z.string().check(z.maxLength(64), z.regex(zoneName, "Not an IANA time zone such as Asia/Tokyo.")),
  z.transform((zone: string, context) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    context.issues.push({ code: "custom", message: "Not an IANA time zone such as Asia/Tokyo.", input: zone });
    return z.NEVER;
  }),
);

export const Card = z.object({
  friendId: z.string(),
  name: z.string(),
  bio: z.string(),
  /** The avatar document on the CDN; null until the person saves one. */
  avatarUrl: z.nullable(z.string()),
});
export type Card = z.infer<typeof Card>;
export const Me = z.extend(Card, { userId: z.string(), timeZone: z.string(), createdAt: z.iso.datetime() });
export type Me = z.infer<typeof Me>;

export const UpdateMe = z
  .strictObject({ name: z.optional(Name), bio: z.optional(Bio), timeZone: z.optional(TimeZone) })
  .check(
    z.refine((changes) => Object.values(changes).some((value) => value !== undefined), "Give at least one field."),
  );

/** What a search is matched in: the names' search form, not stored. */
const SearchText = text({
  id: "SearchText",
  subject: "A search",
  min: 1,
  max: 40,
  counts: "code points",
  form: "NFKC",
  fold: foldForSearch,
});

export const FriendIdPath = z.object({ friendId: FriendId });

export const SearchQuery = z.object({
  q: SearchText,
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
});
export const SearchPage = z.object({ items: z.array(Card), nextCursor: z.nullable(z.string()) });
export type SearchPage = z.infer<typeof SearchPage>;

function canonicalTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
