import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import type { Migration } from "kysely/migration";
import { beforeAll, describe, expect, it } from "vitest";
import { checkMigrations, type CodeSchema, type Rule, statementsOf } from "./check";
import { readCodeSchema } from "./code-schema";
import { db } from "./index";
import { migrations } from "./migrations";

const repository = fileURLToPath(new URL("../../../../", import.meta.url)).replace(/\/$/, "");

/** What code still using `users.nickname` and `notes` would declare. */
const inUse: CodeSchema = new Map([
  ["users", new Set(["id", "nickname", "created_at"])],
  ["notes", new Set(["id", "body"])],
]);

let code: CodeSchema;
beforeAll(() => {
  code = readCodeSchema(repository);
});

const migration = (up: (db: Kysely<unknown>) => Promise<void>): Migration => ({ up });

async function rulesBroken(up: (db: Kysely<unknown>) => Promise<void>): Promise<Rule[]> {
  const findings = await checkMigrations({ pending: { "0099_test": migration(up) }, inUse });
  return findings.map((finding) => finding.rule);
}

describe("the migration check", () => {
  it("passes every migration in the repository against the code as it is", async () => {
    const findings = await checkMigrations({ pending: migrations, inUse: code });
    expect(findings).toEqual([]);
  });

  it("sees every table the code uses with exactly the columns the migrations give it", async () => {
    // This file's database has been migrated by the test setup: its columns are the truth.
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = DATABASE() AND table_name NOT LIKE 'kysely%'
      ORDER BY table_name, ordinal_position`.execute(db());
    const migrated = new Map<string, string[]>();
    for (const row of columns.rows)
      migrated.set(row.table_name, [...(migrated.get(row.table_name) ?? []), row.column_name]);
    const sorted = (schema: Map<string, Iterable<string>>) =>
      Object.fromEntries([...schema].map(([table, names]) => [table, [...names].sort()]).sort());
    expect(sorted(code)).toEqual(sorted(migrated));
  });

  it("refuses dropping a column whose type has braces of its own (items.price beside a JSON name)", async () => {
    const findings = await checkMigrations({
      pending: {
        "0099_drop": migration(async (db) => void (await sql`ALTER TABLE items DROP COLUMN price`.execute(db))),
      },
      inUse: code,
    });
    expect(findings.map((finding) => finding.rule)).toEqual(["drop_in_use"]);
    expect(findings[0]!.message).toMatch(/items\.price/);
  });

  it("captures the SQL a migration sends, from raw SQL and from the schema builder alike", async () => {
    const statements = await statementsOf(
      migration(async (db) => {
        await sql`CREATE TABLE t (id CHAR(26) NOT NULL, PRIMARY KEY (id))`.execute(db);
        await db.schema.alterTable("t").addColumn("n", "integer").execute();
      }),
    );
    expect(statements).toEqual([
      "CREATE TABLE t (id CHAR(26) NOT NULL, PRIMARY KEY (id))",
      "alter table `t` add column `n` integer",
    ]);
  });

  it("refuses dropping a column that code still uses, and explains expand/contract", async () => {
    const findings = await checkMigrations({
      pending: { "0099_drop": migration((db) => db.schema.alterTable("users").dropColumn("nickname").execute()) },
      inUse,
    });
    expect(findings).toMatchObject([{ migration: "0099_drop", rule: "drop_in_use" }]);
    expect(findings[0]!.message).toMatch(/users\.nickname/);
    expect(findings[0]!.message).toMatch(/Expand\/contract.*later release/);
  });

  it("allows dropping a column once no release's code uses it", async () => {
    expect(await rulesBroken((db) => db.schema.alterTable("users").dropColumn("legacy_flag").execute())).toEqual([]);
  });

  it("refuses dropping a table that code still uses", async () => {
    expect(await rulesBroken((db) => db.schema.dropTable("notes").execute())).toEqual(["drop_in_use"]);
    expect(await rulesBroken(async (db) => void (await sql`DROP TABLE IF EXISTS notes`.execute(db)))).toEqual([
      "drop_in_use",
    ]);
  });

  it("refuses renaming a column, whichever way it is written", async () => {
    expect(
      await rulesBroken((db) => db.schema.alterTable("users").renameColumn("nickname", "handle").execute()),
    ).toEqual(["rename"]);
    expect(
      await rulesBroken(
        async (db) => void (await sql`ALTER TABLE users CHANGE COLUMN nickname handle VARCHAR(20) NULL`.execute(db)),
      ),
    ).toEqual(["rename"]);
  });

  it("refuses renaming a table", async () => {
    expect(await rulesBroken((db) => db.schema.alterTable("notes").renameTo("memos").execute())).toEqual(["rename"]);
    expect(await rulesBroken(async (db) => void (await sql`RENAME TABLE notes TO memos`.execute(db)))).toEqual([
      "rename",
    ]);
  });

  it("refuses adding a NOT NULL column without a default, and allows it with one or nullable", async () => {
    expect(
      await rulesBroken((db) =>
        db.schema
          .alterTable("users")
          .addColumn("level", "integer", (column) => column.notNull())
          .execute(),
      ),
    ).toEqual(["not_null_without_default"]);
    expect(
      await rulesBroken((db) =>
        db.schema
          .alterTable("users")
          .addColumn("level", "integer", (column) => column.notNull().defaultTo(1))
          .execute(),
      ),
    ).toEqual([]);
    expect(await rulesBroken((db) => db.schema.alterTable("users").addColumn("level", "integer").execute())).toEqual(
      [],
    );
  });

  it("refuses foreign keys, in a new table or added later", async () => {
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`CREATE TABLE likes (note_id CHAR(26) NOT NULL, FOREIGN KEY (note_id) REFERENCES notes (id))`.execute(
            db,
          )),
      ),
    ).toEqual(["foreign_key"]);
    expect(
      await rulesBroken((db) =>
        db.schema.alterTable("likes").addForeignKeyConstraint("likes_note", ["note_id"], "notes", ["id"]).execute(),
      ),
    ).toEqual(["foreign_key"]);
  });

  it("refuses what the PlanetScale simulator refuses, by the same rules", async () => {
    expect(
      await rulesBroken(async (db) => void (await sql`DELETE FROM notes WHERE id = 'n1' RETURNING id`.execute(db))),
    ).toEqual(["returning"]);
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`INSERT INTO notes (id, body) SELECT id, body FROM JSON_TABLE('[]', '$[*]' COLUMNS (id CHAR(26) PATH '$.id', body TEXT PATH '$.body')) AS j`.execute(
            db,
          )),
      ),
    ).toEqual(["json_table"]);
  });

  it("refuses triggers, procedures and functions", async () => {
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW SET NEW.body = NEW.body`.execute(
            db,
          )),
      ),
    ).toEqual(["stored_program"]);
    expect(
      await rulesBroken(
        async (db) => void (await sql`CREATE PROCEDURE purge() BEGIN DELETE FROM notes; END`.execute(db)),
      ),
    ).toEqual(["stored_program"]);
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`CREATE DEFINER=root FUNCTION two() RETURNS INT DETERMINISTIC RETURN 2`.execute(db)),
      ),
    ).toEqual(["stored_program"]);
  });

  it("refuses an UPDATE or DELETE of every row in one statement, and allows a batched one", async () => {
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`UPDATE notes SET body = (SELECT COUNT(*) FROM users WHERE users.id = notes.id)`.execute(db)),
      ),
    ).toEqual(["unbatched_write"]);
    const findings = await checkMigrations({
      pending: { "0099_purge": migration(async (db) => void (await sql`DELETE FROM notes`.execute(db))) },
      inUse,
    });
    expect(findings.map((finding) => finding.rule)).toEqual(["unbatched_write"]);
    expect(findings[0]!.message).toMatch(/every row of table notes in one statement.*100,000 rows.*batches/);
    expect(
      await rulesBroken(
        async (db) => void (await sql`UPDATE notes SET body = '' WHERE id > '' AND id <= 'N9'`.execute(db)),
      ),
    ).toEqual([]);
    expect(
      await rulesBroken(async (db) => void (await sql`UPDATE notes SET body = '' ORDER BY id LIMIT 500`.execute(db))),
    ).toEqual([]);
  });

  it("refuses AUTO_INCREMENT ids", async () => {
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`CREATE TABLE counters (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY)`.execute(db)),
      ),
    ).toEqual(["auto_increment"]);
  });
});
