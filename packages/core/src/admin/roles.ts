// Who may do what: viewers read; moderators also ban and moderate; admins do everything.
import { Forbidden, Invalid } from "../error";
import type { Actor, Role } from "./schema";

const rank: Record<Role, number> = { viewer: 0, moderator: 1, admin: 2 };

/** Viewers read; moderators also ban and moderate; admins do everything. */
export function mayAct(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export function requireRole(actor: Actor, needed: Role): void {
  if (!mayAct(actor.role, needed)) throw new Forbidden(`This needs the ${needed} role.`, "role_required");
}

/** A 400 about one form field, for what the console parses itself before a use case sees it. */
export function invalidField(path: string, message: string): Invalid {
  return new Invalid("The request is not valid.", [{ path, message }], "validation_failed");
}
