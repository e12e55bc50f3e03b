// Actions on people: bans and name resets (moderators), coins and items (admins).
import * as z from "zod/mini";
import * as Account from "../account";
import * as Deletion from "../deletion";
import { now } from "../clock";
import { transaction } from "../db";
import { Invalid, NotFound } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import * as Item from "../item";
import * as Profile from "../profile";
import * as Wallet from "../wallet";
import { audit } from "./audit";
import { invalidField, requireRole } from "./roles";
import { Actor } from "./schema";

export const banUser = fn(
  z.object({
    actor: Actor,
    userId: Id,
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    until: z.optional(z.date()),
  }),
  async ({ actor, userId, reason, until }) => {
    requireRole(actor, "moderator");
    if (until && until <= now())
      throw new Invalid("The ban must end in the future.", [{ path: "until", message: "In the past." }]);
    await transaction(async (tx) => {
      const before = await Account.standingWithin(tx, userId, { forUpdate: true });
      if (!before) throw new NotFound("user", userId);
      await Account.banWithin(tx, { userId, reason, until });
      const after = await Account.standingWithin(tx, userId, { forUpdate: false });
      await audit(tx, actor, { action: "user.ban", targetType: "user", targetId: userId, before, after });
    });
  },
);

export const unbanUser = fn(z.object({ actor: Actor, userId: Id }), async ({ actor, userId }) => {
  requireRole(actor, "moderator");
  await transaction(async (tx) => {
    const before = await Account.standingWithin(tx, userId, { forUpdate: true });
    if (!before) throw new NotFound("user", userId);
    await Account.unbanWithin(tx, { userId });
    const after = await Account.standingWithin(tx, userId, { forUpdate: false });
    await audit(tx, actor, { action: "user.unban", targetType: "user", targetId: userId, before, after });
  });
});

export const resetUserName = fn(z.object({ actor: Actor, userId: Id }), async ({ actor, userId }) => {
  requireRole(actor, "moderator");
  await transaction(async (tx) => {
    const { before, after } = await Profile.resetNameWithin(tx, userId);
    await audit(tx, actor, {
      action: "user.reset_name",
      targetType: "user",
      targetId: userId,
      before: { name: before },
      after: { name: after },
    });
  });
});

/** Coins from the operators, with the reason they give; the ledger's reference is the audit row. */
export const grantCoins = fn(
  z.object({
    actor: Actor,
    userId: Id,
    amount: Wallet.Amount,
    note: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  }),
  async ({ actor, userId, amount, note }) => {
    requireRole(actor, "admin");
    await transaction(async (tx) => {
      if (!(await Account.standingWithin(tx, userId, { forUpdate: true }))) throw new NotFound("user", userId);
      const reference = newId();
      const balance = await Wallet.creditWithin(tx, { userId, amount, reason: "admin_grant", reference });
      await audit(tx, actor, {
        action: "wallet.grant",
        targetType: "user",
        targetId: userId,
        before: { balance: balance - amount },
        after: { balance, amount, note, reference },
      });
    });
  },
);

/** An item given outside the shop, with the operator's reason; false when it was already owned. */
export const grantItem = fn(
  z.object({
    actor: Actor,
    userId: Id,
    itemId: Item.ItemId,
    note: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  }),
  async ({ actor, userId, itemId, note }) => {
    requireRole(actor, "admin");
    return transaction(async (tx) => {
      if (!(await Account.standingWithin(tx, userId, { forUpdate: true }))) throw new NotFound("user", userId);
      const granted = await Item.grantWithin(tx, { userId, itemId });
      await audit(tx, actor, {
        action: "item.grant",
        targetType: "user",
        targetId: userId,
        after: { itemId, note, granted },
      });
      return granted;
    });
  },
);

/**
 * Deletes a person's account as `DELETE /v1/me` does, for a request made without the app (the
 * web page at /account-deletion tells people how); admins only, audited in the same transaction.
 * The form names the Friend ID again, so that a slip on the wrong page deletes nothing.
 */
export const deleteUser = fn(
  z.object({ actor: Actor, userId: Id, confirmFriendId: z.string().check(z.trim(), z.toUpperCase(), z.maxLength(20)) }),
  async ({ actor, userId, confirmFriendId }) => {
    requireRole(actor, "admin");
    const profile = await Profile.getMe({ userId });
    if (profile.friendId !== confirmFriendId) {
      throw invalidField("confirmFriendId", "Type this person's Friend ID to confirm the deletion.");
    }
    const erasure = await transaction(async (tx) => {
      const erased = await Deletion.deleteWithin(tx, userId);
      await audit(tx, actor, { action: "user.delete", targetType: "user", targetId: userId });
      return erased;
    });
    // The console may remove hidden (moderated) images too; the routes leave those to the last pass.
    if (erasure.kind === "erased") await Deletion.removeContent(userId, erasure.content, { hidden: true });
  },
);
