import { readdirSync, readFileSync } from "node:fs";
import { type Kysely, sql } from "kysely";
import type { Migration } from "kysely/migration";
import { describe, expect, it } from "vitest";
import { checkMigrations, codeSchema, type CodeSchema, type Rule, statementsOf } from "./check";
import { migrations } from "./migrations";

const coreSource = new URL("..", import.meta.url);
const currentTables = readdirSync(coreSource, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith("tables.ts"))
  .map((file) => readFileSync(new URL(file, coreSource), "utf8"));

/** What code still using `users.nickname` and `notes` would declare. */
const inUse: CodeSchema = codeSchema([
  `export interface UsersTable { id: string; nickname: string | null; created_at: Timestamp; }
   export interface NotesTable { id: string; body: string; }
   export interface TestTables { users: UsersTable; notes: NotesTable; }`,
]);

const migration = (up: (db: Kysely<unknown>) => Promise<void>): Migration => ({ up });

async function rulesBroken(up: (db: Kysely<unknown>) => Promise<void>): Promise<Rule[]> {
  const findings = await checkMigrations({ pending: { "0099_test": migration(up) }, inUse });
  return findings.map((finding) => finding.rule);
}

describe("the migration check", () => {
  it("passes every migration in the repository against the code as it is", async () => {
    const findings = await checkMigrations({ pending: migrations, inUse: codeSchema(currentTables) });
    expect(findings).toEqual([]);
  });

  it("reads the code's tables and columns from tables.ts", () => {
    const schema = codeSchema(currentTables);
    expect([...schema.get("spaces")!]).toEqual(
      expect.arrayContaining(["id", "slug", "name", "capacity", "status", "sort_order", "created_at"]),
    );
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

  it("refuses triggers, procedures and functions", async () => {
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW SET NEW.body = NEW.body`.execute(
            db,
          )),
      ),
    ).toEqual(["routine"]);
    expect(
      await rulesBroken(
        async (db) => void (await sql`CREATE PROCEDURE purge() BEGIN DELETE FROM notes; END`.execute(db)),
      ),
    ).toEqual(["routine"]);
    expect(
      await rulesBroken(
        async (db) =>
          void (await sql`CREATE DEFINER=root FUNCTION two() RETURNS INT DETERMINISTIC RETURN 2`.execute(db)),
      ),
    ).toEqual(["routine"]);
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
