// What reports look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Id } from "../id";
import { plainText } from "../plain-text";
import { FriendId } from "../profile/schema";

/** Why something is reported: a fixed list, so that the queue can be sorted and counted by it. */
export const Reason = z.enum([
  "spam",
  "harassment",
  "hate",
  "sexual_content",
  "violence",
  "self_harm",
  "impersonation",
  "other",
]);
export type Reason = z.infer<typeof Reason>;

export const TargetType = z.enum(["user", "sticker", "room"]);
export type TargetType = z.infer<typeof TargetType>;

/** A person by their Friend ID, a sticker or poster by its id, a room by its id. */
export const Target = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("user"), friendId: FriendId }),
  z.strictObject({ type: z.literal("sticker"), id: Id }),
  z.strictObject({ type: z.literal("room"), id: Id }),
]);

export const Note = plainText({ subject: "A note", min: 1, max: 500, multiline: true });

export const ReportBody = z.strictObject({ target: Target, reason: Reason, note: z.optional(Note) });

export const Receipt = z.object({
  id: z.string(),
  status: z.enum(["open"]),
  createdAt: z.string().check(z.describe("When the report was first made: a repeat answers the same report.")),
});
export type Receipt = z.infer<typeof Receipt>;

/** What ends the reports of a target: the target hidden, its owner banned, or nothing to do. */
export const Resolution = z.enum(["hidden", "banned", "dismissed", "deleted"]);
export type Resolution = z.infer<typeof Resolution>;
