// What friends look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { Id } from "../id";
import { Card, FriendId } from "../profile/schema";
import { Presence } from "../space/schema";

export const SendRequestBody = z.strictObject({ friendId: FriendId });
export const SendResult = z.object({ status: z.enum(["pending", "accepted"]) });
export type SendResult = z.infer<typeof SendResult>;

export const RequestPath = z.object({ id: Id });

export const PendingRequest = z.object({ id: z.string(), person: Card, createdAt: z.iso.datetime() });
export const RequestLists = z.object({ incoming: z.array(PendingRequest), outgoing: z.array(PendingRequest) });
export type RequestLists = z.infer<typeof RequestLists>;

export const FriendsQuery = z.object({
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
});
export const Friend = z.object({ card: Card, presence: Presence, since: z.iso.datetime() });
export const FriendsPage = z.object({ items: z.array(Friend), nextCursor: z.nullable(z.string()) });
export type FriendsPage = z.infer<typeof FriendsPage>;

export const PersonPath = z.object({ friendId: FriendId });
