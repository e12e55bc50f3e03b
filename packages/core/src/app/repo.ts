import type { Executor } from "../db";

/** Every setting: a handful of rows. */
export async function findSettings(db: Executor) {
  return db.selectFrom("app_settings").select(["name", "value"]).limit(100).execute();
}

export async function saveSetting(db: Executor, name: string, value: unknown, at: Date) {
  const json = JSON.stringify(value);
  await db
    .insertInto("app_settings")
    .values({ name, value: json, updated_at: at })
    .onDuplicateKeyUpdate({ value: json, updated_at: at })
    .execute();
}
