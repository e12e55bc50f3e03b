import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  type QueryResult,
} from "kysely";
import type { Migration } from "kysely/migration";
import type { CodeSchema } from "./code-schema";
import { isRowLimitedWrite, maxRowsPerStatement, type RefusalRule, refusalFor } from "./refusals";
import { tokenize } from "./sql-tokens";

/**
 * The online-safety check for migrations (`pnpm db:check`, CI): each migration of the release is
 * run against a Kysely that only records the SQL it would send, and that SQL is read for what
 * PlanetScale refuses (db/refusals.ts, the simulator's own rules) and for what a deploy request
 * cannot apply safely while the previous release's code is running.
 */

export type Rule =
  "drop_in_use" | "rename" | "not_null_without_default" | "auto_increment" | "unbatched_write" | RefusalRule;

export interface Finding {
  migration: string;
  rule: Rule;
  statement: string;
  message: string;
}

export type { CodeSchema } from "./code-schema";

export interface CheckInput {
  /** The migrations this release adds (not yet applied to production), by name. */
  pending: Record<string, Migration>;
  /** What the code still uses: the running release's and this one's together. */
  inUse: CodeSchema;
}

const expandContract =
  "Expand/contract: release the code that no longer reads or writes it first, and drop it in a migration of a later release.";

type OnlineRule = Exclude<Rule, RefusalRule>;

const messages: Record<OnlineRule, (subject: string) => string> = {
  drop_in_use: (subject) =>
    `Drops ${subject}, which the code of this or the running release still uses: during the deploy that code would fail. ${expandContract}`,
  rename: (subject) =>
    `Renames ${subject}: the running release's code still uses the old name while the deploy request applies. Expand/contract instead: add the new one, write both and backfill, switch reads to it, then drop the old one in a later release.`,
  not_null_without_default: (subject) =>
    `Adds ${subject} as NOT NULL without a DEFAULT: inserts by the running release's code, which does not know the column, would fail. Add it with a DEFAULT (or nullable), backfill, and tighten it in a later release.`,
  auto_increment: (subject) =>
    `Uses AUTO_INCREMENT (${subject}): ids are ULIDs made by the application (@gogh/core/id), so inserts do not queue on one hot spot.`,
  unbatched_write: (subject) =>
    `Writes every row of ${subject} in one statement: PlanetScale refuses an UPDATE or DELETE touching more than ${maxRowsPerStatement.toLocaleString("en")} rows. Backfill in batches (ranges of the primary key), as 0013_focus_totals does.`,
};

/** Every statement a migration's `up` sends, in order, without a database. */
export async function statementsOf(migration: Migration): Promise<string[]> {
  const statements: string[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      statements.push(query.sql.replace(/\s+/g, " ").trim());
      return { rows: [] };
    },
    async *streamQuery() {
      throw new Error("Migrations do not stream.");
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new MysqlAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new MysqlIntrospector(kysely),
      createQueryCompiler: () => new MysqlQueryCompiler(),
    },
  });
  await migration.up(db);
  return statements.flatMap((statement) => statement.split(/;\s*(?=\S)/)).map((s) => s.replace(/;$/, ""));
}

export async function checkMigrations({ pending, inUse }: CheckInput): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [name, migration] of Object.entries(pending).sort(([a], [b]) => a.localeCompare(b))) {
    for (const statement of await statementsOf(migration)) {
      const refusal = refusalFor(statement);
      if (refusal) {
        findings.push({
          migration: name,
          rule: refusal.rule,
          statement,
          message: `PlanetScale refuses it: ${refusal.message}`,
        });
      }
      for (const [rule, subject] of inspect(statement, inUse)) {
        findings.push({ migration: name, rule, statement, message: messages[rule](subject) });
      }
    }
  }
  return findings;
}

const name = (raw: string) => raw.replace(/[`"]/g, "").split(".").pop()!;

const writeModifiers = new Set(["LOW_PRIORITY", "IGNORE", "QUICK", "FROM"]);

/** What a statement does that cannot run online beside the running release, as [rule, what it touches]. */
function inspect(statement: string, inUse: CodeSchema): [OnlineRule, string][] {
  const found: [OnlineRule, string][] = [];
  if (/\bAUTO_INCREMENT\b/i.test(statement)) found.push(["auto_increment", statement.slice(0, 60)]);
  const tokens = tokenize(statement);
  const everyRow = !tokens.some((token) => token.depth === 0 && token.type === "word" && token.value === "WHERE");
  if (everyRow && isRowLimitedWrite(tokens)) {
    const table = tokens
      .slice(1)
      .find((token) => token.type === "quoted" || (token.type === "word" && !writeModifiers.has(token.value)));
    found.push(["unbatched_write", `table ${table ? name(statement.slice(table.start, table.end)) : "?"}`]);
  }

  const dropTables = /^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(.+)$/i.exec(statement);
  for (const table of dropTables?.[1]!.split(",").map((part) => name(part.trim())) ?? []) {
    if (inUse.has(table)) found.push(["drop_in_use", `table ${table}`]);
  }
  const renameTables = /^RENAME\s+TABLE\s+(.+)$/i.exec(statement);
  for (const pair of renameTables?.[1]!.split(",") ?? []) {
    found.push(["rename", `table ${name(pair.trim().split(/\s+/)[0]!)}`]);
  }

  const alter = /^ALTER\s+TABLE\s+(\S+)\s+(.+)$/i.exec(statement);
  if (alter) {
    const table = name(alter[1]!);
    for (const change of splitTopLevel(alter[2]!)) found.push(...inspectAlteration(table, change, inUse));
  }
  return found;
}

function inspectAlteration(table: string, change: string, inUse: CodeSchema): [OnlineRule, string][] {
  const notColumn = /^(INDEX|KEY|UNIQUE|PRIMARY|FOREIGN|CONSTRAINT|CHECK|FULLTEXT|SPATIAL|PARTITION)\b/i;
  const drop = /^DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(\S+)/i.exec(change);
  if (drop && !notColumn.test(change.replace(/^DROP\s+/i, ""))) {
    const column = name(drop[1]!);
    return inUse.get(table)?.has(column) ? [["drop_in_use", `column ${table}.${column}`]] : [];
  }
  if (/^RENAME\s+(?:TO|AS)\s+/i.test(change) || /^RENAME\s+(?!COLUMN|INDEX|KEY)\S+$/i.test(change)) {
    return [["rename", `table ${table}`]];
  }
  const renameColumn = /^RENAME\s+COLUMN\s+(\S+)\s+TO\s+/i.exec(change);
  if (renameColumn) return [["rename", `column ${table}.${name(renameColumn[1]!)}`]];
  const changeColumn = /^CHANGE\s+(?:COLUMN\s+)?(\S+)\s+(\S+)/i.exec(change);
  if (changeColumn && name(changeColumn[1]!) !== name(changeColumn[2]!)) {
    return [["rename", `column ${table}.${name(changeColumn[1]!)}`]];
  }
  const add = /^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(\S+)\s+(.+)$/i.exec(change);
  if (add && !notColumn.test(change.replace(/^ADD\s+/i, ""))) {
    const definition = add[2]!;
    const generated = /\b(GENERATED\s+ALWAYS\s+)?AS\s*\(/i.test(definition);
    if (/\bNOT\s+NULL\b/i.test(definition) && !/\bDEFAULT\b/i.test(definition) && !generated) {
      return [["not_null_without_default", `column ${table}.${name(add[1]!)}`]];
    }
  }
  return [];
}

/** Splits "a, b (c, d), e" on the commas outside parentheses and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = "";
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Both schemas in one: a table or column is in use when either release's code uses it. */
export function mergeSchemas(...schemas: CodeSchema[]): CodeSchema {
  const merged: CodeSchema = new Map();
  for (const schema of schemas) {
    for (const [table, columns] of schema) merged.set(table, new Set([...(merged.get(table) ?? []), ...columns]));
  }
  return merged;
}

export function describeFindings(findings: Finding[]): string {
  return findings
    .map((finding) => `✗ ${finding.migration} [${finding.rule}]\n  ${finding.statement}\n  ${finding.message}`)
    .join("\n\n");
}
