// What profiles look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { FriendId } from "./friend-id";
import { foldForSearch, Name } from "./name";

export { FriendId } from "./friend-id";
export { Name } from "./name";

export const Bio = z
  .pipe(
    z.string().check(z.maxLength(1000)),
    z.transform((bio: string) => bio.normalize("NFC").trim()),
  )
  .check(
    z.refine((bio) => !/\p{Cc}/u.test(bio.replace(/\n/g, "")), "A bio may not contain control characters."),
    z.refine((bio) => [...bio].length <= 160, "A bio has at most 160 characters."),
  );

export const TimeZone = z.pipe(
  z.string().check(z.maxLength(64)),
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

export const FriendIdPath = z.object({ friendId: FriendId });

export const SearchQuery = z.object({
  q: z.pipe(
    z.pipe(z.string().check(z.maxLength(100)), z.transform(foldForSearch)),
    z.string().check(z.minLength(1, "Type at least one character."), z.maxLength(40)),
  ),
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
});
export const SearchPage = z.object({ items: z.array(Card), nextCursor: z.nullable(z.string()) });
export type SearchPage = z.infer<typeof SearchPage>;

function canonicalTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
