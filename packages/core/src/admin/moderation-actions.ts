// Moderation actions: stickers and posters taken off the CDN and put back.
import * as z from "zod/mini";
import { transaction } from "../db";
import { fn } from "../fn";
import { Id } from "../id";
import * as Sticker from "../sticker";
import { audit } from "./audit";
import { requireRole } from "./roles";
import { Actor } from "./schema";

/** Takes a sticker off the CDN and out of every list (the sticker module moves the object after the commit). */
export const hideSticker = fn(
  z.object({ actor: Actor, stickerId: Id, reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }),
  async ({ actor, stickerId, reason }) => {
    requireRole(actor, "moderator");
    await transaction(async (tx) => {
      await Sticker.hideWithin(tx, { stickerId, reason });
      await audit(tx, actor, {
        action: "sticker.hide",
        targetType: "sticker",
        targetId: stickerId,
        before: { status: "published" },
        after: { status: "hidden", reason },
      });
    });
  },
);

export const unhideSticker = fn(z.object({ actor: Actor, stickerId: Id }), async ({ actor, stickerId }) => {
  requireRole(actor, "moderator");
  await transaction(async (tx) => {
    await Sticker.unhideWithin(tx, { stickerId });
    await audit(tx, actor, {
      action: "sticker.unhide",
      targetType: "sticker",
      targetId: stickerId,
      before: { status: "hidden" },
      after: { status: "published" },
    });
  });
});
