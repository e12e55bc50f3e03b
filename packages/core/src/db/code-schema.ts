// The tables and columns the code uses, read from the real `DB` type that Kysely checks every
// query against (db/types.ts, which every module's tables.ts extends), by the TypeScript checker
// itself: whatever a column's type is (JSON objects, ColumnType<...>, nested braces), its name is read.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Tables and their columns that code declares: what it reads and writes. */
export type CodeSchema = Map<string, Set<string>>;

/** Where source files come from: the working tree, or a past release's commit. */
export interface SourceFiles {
  /** The file's text, or undefined when it does not exist. */
  read(absolutePath: string): string | undefined;
  /** The names of a directory's entries, or none when it does not exist. */
  list(absolutePath: string): string[];
}

const typesFile = "packages/core/src/db/types.ts";
const modulesDirectory = "packages/core/src";

const workingTree: SourceFiles = {
  read: (file) => (existsSync(file) ? readFileSync(file, "utf8") : undefined),
  list: (directory) => (existsSync(directory) ? readdirSync(directory) : []),
};

/** db/types.ts and every module's tables.ts, whose declarations merge into its `DB`. */
function tableFiles(root: string, files: SourceFiles): string[] {
  const modules = files.list(path.join(root, modulesDirectory));
  const declared = modules
    .map((module) => path.join(root, modulesDirectory, module, "tables.ts"))
    .filter((file) => files.read(file) !== undefined);
  return [path.join(root, typesFile), ...declared];
}

/**
 * The code's schema: each property of `DB` is a table, each property of its row type a column.
 * `root` is the repository; `files` reads the project's own sources (dependencies' type
 * declarations, under node_modules, always come from the working tree).
 */
export function readCodeSchema(root: string, files: SourceFiles = workingTree): CodeSchema {
  const isProjectFile = (file: string) =>
    file.startsWith(root + path.sep) && !file.split(path.sep).includes("node_modules");
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options, true);
  const read = (file: string) =>
    isProjectFile(path.resolve(file)) ? files.read(path.resolve(file)) : ts.sys.readFile(file);
  host.readFile = read;
  host.fileExists = (file) => read(file) !== undefined;
  host.getSourceFile = (file, languageVersion) => {
    const text = read(file);
    return text === undefined ? undefined : ts.createSourceFile(file, text, languageVersion, true);
  };

  const entry = path.join(root, typesFile);
  const program = ts.createProgram(tableFiles(root, files), options, host);
  const source = program.getSourceFile(entry);
  const declaration = source?.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === "DB",
  );
  if (!declaration)
    throw new Error(`No \`interface DB\` in ${typesFile}: the gate cannot tell which tables the code uses.`);

  const checker = program.getTypeChecker();
  const unresolved = program
    .getSemanticDiagnostics(source)
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (unresolved.length > 0) {
    const text = ts.flattenDiagnosticMessageText(unresolved[0]!.messageText, "\n");
    throw new Error(`${typesFile} does not type-check, so its tables cannot be read: ${text}`);
  }
  const schema: CodeSchema = new Map();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(declaration.name))) {
    const row = checker.getTypeOfSymbolAtLocation(table, declaration);
    const columns = checker.getPropertiesOfType(row).map((column) => column.name);
    // A row type that did not resolve reads as no columns, which would let any column be dropped.
    if (row.flags & ts.TypeFlags.Any || columns.length === 0) {
      throw new Error(`The row type of table ${table.name} in ${typesFile} did not resolve to columns.`);
    }
    schema.set(table.name, new Set(columns));
  }
  return schema;
}
