// Operators: who may sign in to the console, with which role.
import * as z from "zod/mini";
import { now } from "../clock";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { Conflict, NotFound } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import { audit } from "./audit";
import { hashPassword } from "../passphrase";
import * as repo from "./repo";
import { requireRole } from "./roles";
import { Actor, NewOperator, type Operator, Role } from "./schema";

/** The first admin (or any operator) from the command line: nobody to audit it under yet. */
export const createOperator = fn(NewOperator, async (operator): Promise<Operator> => {
  return transaction((tx) => insertOperator(tx, operator));
});

export const addOperator = fn(z.object({ actor: Actor, operator: NewOperator }), async ({ actor, operator }) => {
  requireRole(actor, "admin");
  return transaction(async (tx) => {
    const created = await insertOperator(tx, operator);
    await audit(tx, actor, { action: "operator.create", targetType: "operator", targetId: created.id, after: created });
    return created;
  });
});

async function insertOperator(tx: Executor, operator: z.output<typeof NewOperator>): Promise<Operator> {
  const at = now();
  const id = newId(at.getTime());
  const passwordHash = await hashPassword(operator.password);
  try {
    await repo.insertOperator(tx, { id, ...operator, passwordHash, at });
  } catch (error) {
    if (isDuplicateKey(error)) throw new Conflict(`An operator with ${operator.email} already exists.`, "email_taken");
    throw error;
  }
  return { id, email: operator.email, name: operator.name, role: operator.role, status: "active", createdAt: at };
}

export const listOperators = fn(z.object({ actor: Actor }), async ({ actor }): Promise<Operator[]> => {
  requireRole(actor, "admin");
  return (await repo.listOperators(db(), 500)).map(toOperator);
});

/** Changes an operator's role or disables them; disabling ends their sessions at once. */
export const changeOperator = fn(
  z.object({
    actor: Actor,
    operatorId: Id,
    role: z.optional(Role),
    status: z.optional(z.enum(["active", "disabled"])),
  }),
  async ({ actor, operatorId, role, status }): Promise<Operator> => {
    requireRole(actor, "admin");
    // The last way back in must not be closed by accident.
    if (operatorId === actor.id) throw new Conflict("Change your own account from another admin's.", "self_change");
    return transaction(async (tx) => {
      const row = await repo.findOperator(tx, operatorId);
      if (!row) throw new NotFound("operator", operatorId);
      const at = now();
      await repo.updateOperator(tx, operatorId, { role, status, at });
      if (status === "disabled") await repo.revokeOperatorSessions(tx, operatorId, at);
      const before = toOperator(row);
      const after = { ...before, role: role ?? before.role, status: status ?? before.status };
      await audit(tx, actor, {
        action: "operator.update",
        targetType: "operator",
        targetId: operatorId,
        before,
        after,
      });
      return after;
    });
  },
);

export function toOperator(row: {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "disabled";
  created_at: Date;
}): Operator {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    createdAt: row.created_at,
  };
}
