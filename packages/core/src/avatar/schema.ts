// What avatars look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { ItemId } from "../item/schema";

export const Color = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, "A colour as #RRGGBB."));
export const Slot = z.enum(["hair", "eyes", "outfit", "accessory", "shoes", "face"]);

/** The avatar as the app renders it: one owned part per slot, colours and an expression. */
export const AvatarDocument = z
  .strictObject({
    schemaVersion: z.literal(1),
    parts: z
      .array(z.strictObject({ slot: Slot, itemId: ItemId, color: z.optional(Color) }))
      .check(z.minLength(1), z.maxLength(12)),
    skinColor: Color,
    eyeColor: Color,
    expression: z.enum(["neutral", "smile", "sleepy", "focused"]),
  })
  .check(
    z.refine((avatar) => new Set(avatar.parts.map((part) => part.slot)).size === avatar.parts.length, {
      message: "One part per slot.",
      path: ["parts"],
    }),
  );
export type AvatarDocument = z.infer<typeof AvatarDocument>;

/** Largest avatar document accepted, in bytes of JSON. */
export const maxAvatarBytes = 4 * 1024;

export const AvatarState = z.object({
  /** 0 before the first save; send it back as If-Match. */
  version: z.int(),
  /** The document on the CDN (immutable); null before the first save. */
  url: z.nullable(z.string()),
  updatedAt: z.nullable(z.iso.datetime()),
});
export type AvatarState = z.infer<typeof AvatarState>;
