// What spaces and presence look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { Id } from "../id";
import { text } from "../text";
import { Card } from "../profile/schema";

/** Where someone is right now, as friends see it. Missing or expired presence reads as idle. */
export const Presence = z.discriminatedUnion("state", [
  z.object({ state: z.literal("idle") }),
  /** `endsAt` is null for a count-up session. */
  z.object({ state: z.literal("focusing"), endsAt: z.nullable(z.iso.datetime()) }),
  z.object({ state: z.literal("in_space"), spaceId: z.string() }),
]);
export type Presence = z.infer<typeof Presence>;

export const Space = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  capacity: z.number(),
  /** Live members; 0 when the cache cannot say. */
  occupancy: z.number(),
});
export type Space = z.infer<typeof Space>;
export const SpaceList = z.object({ items: z.array(Space) });
export type SpaceList = z.infer<typeof SpaceList>;

export const SpacePath = z.object({ id: Id });

/** What join and heartbeat answer: the space's live count and when to beat next. */
export const Membership = z.object({ spaceId: z.string(), occupancy: z.number(), heartbeatSeconds: z.number() });
export type Membership = z.infer<typeof Membership>;

export const MembersQuery = z.object({
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 20),
});
export const MemberPage = z.object({ items: z.array(Card), nextCursor: z.nullable(z.string()) });
export type MemberPage = z.infer<typeof MemberPage>;

/** What the console edits: public spaces are made by hand, by operators. */
export const SpaceName = text({
  id: "SpaceName",
  subject: "A space name",
  min: 1,
  max: 100,
  counts: "code points",
  form: "NFC",
  column: { table: "spaces", column: "name", size: 100 },
});
export const SpaceSlug = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, "Lower-case letters, digits and dashes."));
export const Capacity = z.int().check(z.gte(1), z.lte(1000));
export const NewSpace = z.object({ slug: SpaceSlug, name: SpaceName, capacity: Capacity });

/** A space as operators see it, closed ones included. */
export interface SpaceRecord {
  id: string;
  slug: string;
  name: string;
  capacity: number;
  status: "open" | "closed";
}
