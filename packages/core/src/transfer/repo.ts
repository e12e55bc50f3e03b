import type { Executor } from "../db";

/** The account's one live code: a new one replaces the old in one statement (the account is a unique key). */
export async function replaceCode(
  db: Executor,
  row: { codeHash: string; accountId: string; passphraseHash: string; at: Date; expiresAt: Date },
) {
  await db
    .replaceInto("transfer_codes")
    .values({
      code_hash: row.codeHash,
      account_id: row.accountId,
      passphrase_hash: row.passphraseHash,
      created_at: row.at,
      expires_at: row.expiresAt,
    })
    .execute();
}

export async function findByHash(db: Executor, codeHash: string) {
  return db
    .selectFrom("transfer_codes")
    .select(["account_id", "passphrase_hash", "expires_at"])
    .where("code_hash", "=", codeHash)
    .executeTakeFirst();
}

/** Uses the code up: true for exactly one of any number of redemptions at once, none once it expired. */
export async function claim(db: Executor, codeHash: string, at: Date): Promise<boolean> {
  const result = await db
    .deleteFrom("transfer_codes")
    .where("code_hash", "=", codeHash)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function deleteByAccount(db: Executor, accountId: string) {
  await db.deleteFrom("transfer_codes").where("account_id", "=", accountId).execute();
}
