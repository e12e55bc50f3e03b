import { sql } from "kysely";
import type { Executor } from "../db";

export async function insertAccount(db: Executor, row: { id: string; platform: string | null; at: Date }) {
  await db
    .insertInto("accounts")
    .values({ id: row.id, platform: row.platform, created_at: row.at, updated_at: row.at })
    .execute();
}

export async function insertSession(
  db: Executor,
  row: { id: string; accountId: string; platform: string | null; deviceLabel: string | null; at: Date },
) {
  await db
    .insertInto("auth_sessions")
    .values({
      id: row.id,
      account_id: row.accountId,
      platform: row.platform,
      device_label: row.deviceLabel,
      created_at: row.at,
      last_used_at: row.at,
    })
    .execute();
}

export async function insertRefreshToken(
  db: Executor,
  row: { tokenHash: string; sessionId: string; accountId: string; at: Date; expiresAt: Date },
) {
  await db
    .insertInto("refresh_tokens")
    .values({
      token_hash: row.tokenHash,
      session_id: row.sessionId,
      account_id: row.accountId,
      issued_at: row.at,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** The token with its session and account, everything a refresh decides on, in one query. */
export async function findRefreshToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom("refresh_tokens as t")
    .innerJoin("auth_sessions as s", "s.id", "t.session_id")
    .innerJoin("accounts as a", "a.id", "t.account_id")
    .select([
      "t.session_id",
      "t.account_id",
      "t.expires_at",
      "t.rotated_at",
      "s.revoked_at",
      "a.status",
      "a.banned_until",
    ])
    .where("t.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Marks the token used; false when another request used it first. */
export async function claimRefreshToken(db: Executor, tokenHash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("refresh_tokens")
    .set({ rotated_at: at })
    .where("token_hash", "=", tokenHash)
    .where("rotated_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function touchSession(db: Executor, sessionId: string, at: Date) {
  await db.updateTable("auth_sessions").set({ last_used_at: at }).where("id", "=", sessionId).execute();
}

/** With an accountId, revokes only if the session is that account's. */
export async function revokeSession(
  db: Executor,
  { sessionId, accountId }: { sessionId: string; accountId?: string },
  reason: string,
  at: Date,
) {
  let update = db
    .updateTable("auth_sessions")
    .set({ revoked_at: at, revoke_reason: reason })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null);
  if (accountId) update = update.where("account_id", "=", accountId);
  await update.execute();
}

export async function revokeAllSessions(db: Executor, accountId: string, reason: string, at: Date) {
  await db
    .updateTable("auth_sessions")
    .set({ revoked_at: at, revoke_reason: reason })
    .where("account_id", "=", accountId)
    .where("revoked_at", "is", null)
    .execute();
}

export async function setBan(
  db: Executor,
  accountId: string,
  ban: { status: "active" | "banned"; reason: string | null; until: Date | null; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("accounts")
    .set({ status: ban.status, ban_reason: ban.reason, banned_until: ban.until, updated_at: ban.at })
    .where("id", "=", accountId)
    .where("status", "<>", "deleted")
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findStanding(db: Executor, accountId: string, options: { forUpdate?: boolean } = {}) {
  let select = db
    .selectFrom("accounts")
    .select(["status", "ban_reason", "banned_until", "created_at"])
    .where("id", "=", accountId);
  if (options.forUpdate) select = select.forUpdate();
  return select.executeTakeFirst();
}

export async function countAccountsFrom(db: Executor, fromId: string): Promise<number> {
  const row = await db
    .selectFrom("accounts")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("id", ">=", fromId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The account's row, kept with its id and times only; its sessions end and forget their devices. */
export async function markDeleted(db: Executor, accountId: string, at: Date) {
  await db
    .updateTable("accounts")
    .set({ status: "deleted", ban_reason: null, banned_until: null, platform: null, updated_at: at })
    .where("id", "=", accountId)
    .execute();
  await db
    .updateTable("auth_sessions")
    .set({
      revoked_at: sql`COALESCE(revoked_at, ${at})`,
      revoke_reason: "account_deleted",
      platform: null,
      device_label: null,
    })
    .where("account_id", "=", accountId)
    .execute();
}
