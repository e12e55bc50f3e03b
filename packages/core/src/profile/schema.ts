// What profiles look like on the wire: the route table and the use cases share these.
import * as z from "zod";
import { Cursor } from "../cursor";
import { FriendId } from "./friend-id";
import { foldForSearch, Name } from "./name";

export { FriendId } from "./friend-id";
export { Name } from "./name";

export const Bio = z
  .string()
  .max(1000)
  .transform((bio) => bio.normalize("NFC").trim())
  .refine((bio) => !/[\p{Cc}]/u.test(bio.replace(/\n/g, "")), "A bio may not contain control characters.")
  .refine((bio) => [...bio].length <= 160, "A bio has at most 160 characters.");

export const TimeZone = z
  .string()
  .max(64)
  .transform((zone, context) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    context.addIssue({ code: "custom", message: "Not an IANA time zone such as Asia/Tokyo." });
    return z.NEVER;
  });

export const Card = z.object({ friendId: z.string(), name: z.string(), bio: z.string() });
export type Card = z.infer<typeof Card>;
export const Me = Card.extend({ userId: z.string(), timeZone: z.string(), createdAt: z.iso.datetime() });
export type Me = z.infer<typeof Me>;

export const UpdateMe = z
  .strictObject({ name: Name.optional(), bio: Bio.optional(), timeZone: TimeZone.optional() })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), "Give at least one field.");

export const FriendIdPath = z.object({ friendId: FriendId });

export const SearchQuery = z.object({
  q: z
    .string()
    .max(100)
    .transform(foldForSearch)
    .pipe(z.string().min(1, "Type at least one character.").max(40)),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const SearchPage = z.object({ items: z.array(Card), nextCursor: z.string().nullable() });
export type SearchPage = z.infer<typeof SearchPage>;

function canonicalTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

