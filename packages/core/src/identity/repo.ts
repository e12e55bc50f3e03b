import type { Executor } from "../db";
import type { Provider } from "./schema";

export async function insertIdentity(
  db: Executor,
  row: { provider: Provider; subject: string; accountId: string; at: Date },
) {
  await db
    .insertInto("identities")
    .values({ provider: row.provider, subject: row.subject, account_id: row.accountId, linked_at: row.at })
    .execute();
}

export async function findBySubject(db: Executor, provider: Provider, subject: string) {
  return db
    .selectFrom("identities")
    .select(["account_id", "linked_at"])
    .where("provider", "=", provider)
    .where("subject", "=", subject)
    .executeTakeFirst();
}

/** An account's identities (at most one per provider); locked when unlinking decides on them. */
export async function listByAccount(db: Executor, accountId: string, options: { forUpdate?: boolean } = {}) {
  let select = db
    .selectFrom("identities")
    .select(["provider", "linked_at"])
    .where("account_id", "=", accountId)
    .orderBy("provider");
  if (options.forUpdate) select = select.forUpdate();
  return select.execute();
}

export async function deleteByAccount(db: Executor, accountId: string, provider?: Provider): Promise<number> {
  let remove = db.deleteFrom("identities").where("account_id", "=", accountId);
  if (provider) remove = remove.where("provider", "=", provider);
  const result = await remove.executeTakeFirst();
  return Number(result.numDeletedRows);
}
