// POST /v1/items/{id}/purchase written by hand: the token, the path and the Idempotency-Key
// checked, the item (kept in memory a minute, as the route keeps its catalog), then the route's SQL:
// the charge, its ledger row, the purchase (while the item's row sells it) and the item in one
// transaction; a key seen before answers its first purchase.
import { DatabaseError } from "@planetscale/database";
import { randomBytes } from "node:crypto";
import { database, type Event, isoTime, Refusal, respond, userIdOf } from "./common";

interface ItemRow {
  id: string;
  kind: string;
  price: number | null;
  starter: number;
  available_from: string | null;
  available_until: string | null;
}

interface PurchaseRow {
  id: string;
  item_id: string;
  price: number;
  balance_after: string;
  created_at: string;
}

const items = new Map<string, { row: ItemRow | undefined; until: number }>();

async function itemOf(id: string): Promise<ItemRow | undefined> {
  const kept = items.get(id);
  if (kept && kept.until > Date.now()) return kept.row;
  const { rows } = await database().execute<ItemRow>(
    "SELECT id, kind, price, starter, available_from, available_until FROM items WHERE id = ?",
    [id],
  );
  items.set(id, { row: rows[0], until: Date.now() + 60_000 });
  return rows[0];
}

function refusalFor(item: ItemRow | undefined, id: string, now: number): Refusal | undefined {
  if (!item) return new Refusal(404, "item_not_found", `item ${id} not found.`);
  if (Number(item.starter) === 1) return new Refusal(409, "already_owned", "You already own this item.");
  if (item.price === null) return new Refusal(409, "not_for_sale", "This item cannot be bought.");
  const from = item.available_from === null ? undefined : Date.parse(isoTime(item.available_from));
  const until = item.available_until === null ? undefined : Date.parse(isoTime(item.available_until));
  if ((from !== undefined && from > now) || (until !== undefined && until <= now)) {
    return new Refusal(409, "not_available", "This item is not on sale now.");
  }
  return undefined;
}

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A time-ordered id (ULID layout), as the API makes them. */
function newId(now: number): string {
  let time = "";
  for (let rest = now, index = 0; index < 10; index++, rest = Math.floor(rest / 32)) time = alphabet[rest % 32] + time;
  return time + Array.from(randomBytes(16), (byte) => alphabet[byte % 32]).join("");
}

const mysqlTime = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");
const duplicate = (error: unknown, key: string) =>
  error instanceof DatabaseError && error.message.includes("errno 1062") && error.message.includes(key);

function answer(row: PurchaseRow, replayed: boolean) {
  return {
    status: 201,
    headers: { "idempotent-replayed": String(replayed) },
    body: {
      purchaseId: row.id,
      itemId: row.item_id,
      price: row.price,
      balance: Number(row.balance_after),
      purchasedAt: isoTime(row.created_at),
    },
  };
}

async function earlier(userId: string, itemId: string, key: string) {
  const { rows } = await database().execute<PurchaseRow>(
    "SELECT id, item_id, price, balance_after, created_at FROM item_purchases WHERE user_id = ? AND idempotency_key = ?",
    [userId, key],
  );
  const row = rows[0];
  if (row && row.item_id !== itemId) {
    throw new Refusal(409, "idempotency_key_reused", "This Idempotency-Key was used for another item; use a new key.");
  }
  return row;
}

export const handler = (event: Event) =>
  respond(event, async () => {
    const userId = userIdOf(event);
    const itemId = event.pathParameters?.id ?? "";
    const key = event.headers["idempotency-key"] ?? "";
    if (!/^[a-z0-9][a-z0-9_-]{1,63}$/.test(itemId)) throw new Refusal(400, "validation_failed", "Not an item id.");
    if (!/^[\x21-\x7e]{8,64}$/.test(key)) throw new Refusal(400, "validation_failed", "Not an Idempotency-Key.");
    const at = new Date();
    const item = await itemOf(itemId);
    const refusal = refusalFor(item, itemId, at.getTime());
    try {
      if (refusal) throw refusal;
      const price = item!.price!;
      const id = newId(at.getTime());
      const row = await database().transaction(async (tx) => {
        const when = mysqlTime(at);
        // The charge reports the balance it left (one above it) as the statement's insert id.
        const charged = await tx.execute(
          "UPDATE wallets SET balance = LAST_INSERT_ID(balance - ? + 1) - 1, updated_at = ? WHERE user_id = ? AND balance >= ?",
          [price, when, userId, price],
        );
        if (charged.rowsAffected === 0) throw new Refusal(409, "insufficient_funds", "Not enough coins.");
        const balance = Number(charged.insertId) - 1;
        await tx.execute(
          "INSERT INTO wallet_ledger (id, user_id, amount, reason, reference, balance_after, created_at) VALUES (?, ?, ?, 'shop', ?, ?, ?)",
          [newId(at.getTime()), userId, -price, id, balance, when],
        );
        // Claims the key only while the item's row still sells it at this price.
        const bought = await tx.execute(
          `INSERT INTO item_purchases (id, user_id, idempotency_key, item_id, price, balance_after, created_at)
           SELECT ?, ?, ?, id, price, ?, ? FROM items WHERE id = ? AND price = ? AND kind = ? AND starter = 0
           AND (available_from IS NULL OR available_from <= ?) AND (available_until IS NULL OR available_until > ?)`,
          [id, userId, key, balance, when, itemId, price, item!.kind, when, when],
        );
        if (bought.rowsAffected === 0) throw new Refusal(409, "not_available", "This item is not on sale now.");
        try {
          await tx.execute(
            "INSERT INTO inventory_items (user_id, item_id, kind, source, acquired_at) VALUES (?, ?, ?, 'purchase', ?)",
            [userId, itemId, item!.kind, when],
          );
        } catch (error) {
          if (duplicate(error, "PRIMARY")) throw new Refusal(409, "already_owned", "You already own this item.");
          throw error;
        }
        return { id, item_id: itemId, price, balance_after: String(balance), created_at: when };
      });
      return answer(row, false);
    } catch (error) {
      const claimed = duplicate(error, "item_purchases_key");
      if (!claimed && !(error instanceof Refusal)) throw error;
      const first = await earlier(userId, itemId, key);
      if (first) return answer(first, true);
      if (!claimed) throw error;
      throw new Refusal(409, "purchase_in_progress", "The purchase is still being made; retry with the same key.");
    }
  });
