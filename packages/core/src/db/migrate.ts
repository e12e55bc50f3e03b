import { Kysely, MysqlAdapter, sql } from "kysely";
import { type MigrationResultSet, Migrator } from "kysely/migration";
import { PlanetScaleDialect } from "kysely-planetscale";
import { migrations } from "./migrations";

const staleLockSeconds = 10 * 60;

/**
 * Kysely's MySQL lock uses GET_LOCK, which needs one connection for the whole run; the HTTP
 * driver has no such thing. This lock is a row in Kysely's lock table instead, claimed with a
 * conditional UPDATE, and taken over when a crashed run left it older than ten minutes.
 */
class RowLockAdapter extends MysqlAdapter {
  override async acquireMigrationLock(db: Kysely<any>, options: { lockTable: string; lockRowId: string }) {
    for (let attempt = 0; ; attempt++) {
      const now = Math.floor(Date.now() / 1000);
      const result = await sql`
        UPDATE ${sql.table(options.lockTable)} SET is_locked = ${now}
        WHERE id = ${options.lockRowId} AND (is_locked = 0 OR is_locked < ${now - staleLockSeconds})`.execute(db);
      if (result.numAffectedRows === 1n) return;
      if (attempt === 120) throw new Error("Another migration holds the lock; try again when it has finished.");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  override async releaseMigrationLock(db: Kysely<any>, options: { lockTable: string; lockRowId: string }) {
    await sql`UPDATE ${sql.table(options.lockTable)} SET is_locked = 0 WHERE id = ${options.lockRowId}`.execute(db);
  }
}

class MigrationDialect extends PlanetScaleDialect {
  override createAdapter() {
    return new RowLockAdapter();
  }
}

/** Applies every pending migration to the database behind a PlanetScale-protocol URL. */
export async function migrateToLatest(url: string): Promise<MigrationResultSet> {
  const db = new Kysely<unknown>({ dialect: new MigrationDialect({ url }) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const outcome = await migrator.migrateToLatest();
    if (outcome.error) throw outcome.error;
    return outcome;
  } finally {
    await db.destroy();
  }
}
