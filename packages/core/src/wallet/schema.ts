// What wallets look like to callers: coins are whole numbers, every change has a reason and a reference.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { Id } from "../id";

/** Why coins moved ("focus", "shop"...): ascii, so that it fits the ledger's unique key. */
export const Reason = z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,31}$/, "A lower-case ascii reason."));
/** What the change is about (a session id, an order id): the idempotency key within a reason. */
export const Reference = z.string().check(z.regex(/^[\x21-\x7e]{1,64}$/, "An ascii reference of 1 to 64 characters."));
export const Amount = z.int().check(z.gte(1), z.lte(1_000_000_000));

export const Change = z.object({ userId: Id, amount: Amount, reason: Reason, reference: Reference });
export type Change = z.input<typeof Change>;

/** The query string of the ledger route; the use case adds whose ledger. */
export const LedgerPageQuery = z.object({
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
});
export const LedgerQuery = z.extend(LedgerPageQuery, { userId: Id });

export const Balance = z.object({ balance: z.int() });

export const LedgerEntry = z.object({
  id: z.string(),
  amount: z.int(),
  reason: z.string(),
  reference: z.string(),
  balanceAfter: z.int(),
  createdAt: z.iso.datetime(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export const LedgerPage = z.object({ items: z.array(LedgerEntry), nextCursor: z.nullable(z.string()) });
export type LedgerPage = z.infer<typeof LedgerPage>;
