import { describe, expect, it } from "vitest";
import * as Account from "../account";
import { db } from "../db";
import { rowCounts } from "../db/testing";
import { newId } from "../id";
import * as Profile from "../profile";
import * as Sticker from "../sticker";
import { publishedSticker } from "../sticker/testing";
import * as Storage from "../storage";
import * as Admin from "./index";

async function operator(role: Admin.Role): Promise<Admin.Actor> {
  const created = await Admin.createOperator({
    email: `${role}-${newId().toLowerCase()}@example.com`,
    name: `Test ${role}`,
    role,
    password: "correct horse battery staple",
  });
  return { id: created.id, email: created.email, role, ip: "192.0.2.1" };
}

async function person() {
  const { userId } = await Account.signup({});
  return { userId, friendId: (await Profile.getMe({ userId })).friendId };
}

describe("deleting an account from the console", () => {
  it("is for admins only", async () => {
    const { userId, friendId } = await person();
    const moderator = await operator("moderator");
    await expect(Admin.deleteUser({ actor: moderator, userId, confirmFriendId: friendId })).rejects.toMatchObject({
      status: 403,
    });
    await expect(Profile.getMe({ userId })).resolves.toMatchObject({ friendId });
  });

  it("needs the person's Friend ID typed again, and deletes nothing without it", async () => {
    const { userId } = await person();
    const admin = await operator("admin");
    const before = await rowCounts();
    await expect(Admin.deleteUser({ actor: admin, userId, confirmFriendId: "ZZZZZZZZ" })).rejects.toMatchObject({
      status: 400,
      code: "validation_failed",
    });
    expect(await rowCounts()).toEqual(before);
  });

  it("deletes as the app does, audited, with hidden images removed at once", async () => {
    const { userId, friendId } = await person();
    const hidden = await publishedSticker(userId, "poster");
    await Sticker.hide({ stickerId: hidden.id, reason: "test" });
    const admin = await operator("admin");
    await Admin.deleteUser({ actor: admin, userId, confirmFriendId: friendId.toLowerCase() });
    await expect(Profile.getMe({ userId })).rejects.toMatchObject({ status: 404 });
    expect(await Storage.headObject(`hidden/stickers/${hidden.id}.png`)).toBeUndefined();
    const audit = await db()
      .selectFrom("admin_audit_log")
      .select(["action", "operator_id", "before_json", "after_json"])
      .where("target_id", "=", userId)
      .execute();
    expect(audit).toEqual([{ action: "user.delete", operator_id: admin.id, before_json: null, after_json: null }]);
  });
});
