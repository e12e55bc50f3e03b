// Actions on Focus Together spaces: create, rename, close and reopen.
import * as z from "zod/mini";
import { transaction } from "../db";
import { fn } from "../fn";
import { Id } from "../id";
import * as Space from "../space";
import { audit } from "./audit";
import { requireRole } from "./roles";
import { Actor } from "./schema";

export const createSpace = fn(z.object({ actor: Actor, space: Space.NewSpace }), async ({ actor, space }) => {
  requireRole(actor, "admin");
  return transaction(async (tx) => {
    const created = await Space.createWithin(tx, space);
    await audit(tx, actor, { action: "space.create", targetType: "space", targetId: created.id, after: created });
    return created;
  });
});

export const changeSpace = fn(
  z.object({
    actor: Actor,
    spaceId: Id,
    name: z.optional(Space.SpaceName),
    status: z.optional(z.enum(["open", "closed"])),
  }),
  async ({ actor, spaceId, name, status }) => {
    requireRole(actor, "admin");
    const action = status === "closed" ? "space.close" : status === "open" ? "space.reopen" : "space.rename";
    await transaction(async (tx) => {
      const { before, after } = await Space.updateWithin(tx, { spaceId, name, status });
      await audit(tx, actor, { action, targetType: "space", targetId: spaceId, before, after });
    });
  },
);
