// Builds each route's Lambda bundle the way SST 4 does for Node functions (pkg/runtime/node/build.go
// in sst/sst): esbuild, platform node, ESM, target esnext, mainFields module/main, keepNames,
// the createRequire/__dirname banner, sharp and pg-native external, minified, no source map.
import { mkdir, realpath, symlink, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { type RouteName, routes } from "@gogh/functions/routes";

export const floorName = "floor (one-line handler)";

export interface Bundle {
  /** The route's name, the floor's, or a hand-written reference's (`referenceName`). */
  name: string;
  /** The route the bundle answers (a reference answers its route's requests). */
  route?: RouteName;
  file: string;
  bytes: number;
  /** Bytes in the output per npm package (or workspace package), largest first. */
  packages: { name: string; bytes: number }[];
  /** Bytes in the output per input file, largest first (top 10). */
  inputs: { path: string; bytes: number }[];
  /** Every input file that kept bytes in the output, relative to the repository. */
  files: string[];
  /** Bytes in chunks loaded only by a dynamic import() (the Momento SDK), not at cold start. */
  lazyBytes: number;
}

/** Left out of the bundle, as SST does; a Lambda gets them through `nodejs.install`. */
const externalPackages = ["sharp", "pg-native"];
const corePackages = fileURLToPath(new URL("../../core/node_modules/", import.meta.url));

const functionsSource = fileURLToPath(new URL("../../functions/src/", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

const sstBanner = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  "",
].join("\n");

/** Links the external packages a bundle imports into its node_modules, as `nodejs.install` puts them in the Lambda. */
async function installExternals(metafile: Metafile, outdir: string): Promise<void> {
  const imported = new Set(
    Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => entry.path),
    ),
  );
  for (const name of externalPackages.filter((candidate) => imported.has(candidate))) {
    await mkdir(join(outdir, "node_modules"), { recursive: true });
    await symlink(await realpath(join(corePackages, name)), join(outdir, "node_modules", name), "dir");
  }
}

/** Bundles the floor and every route handler into `outDir` (one .mjs each). */
export async function bundleAll(outDir: string): Promise<Bundle[]> {
  const floorEntry = join(outDir, "floor-handler.ts");
  await writeFile(floorEntry, `export const handler = async () => ({ statusCode: 200, body: "ok" });\n`);
  const bundles = [await bundleOne(floorName, floorEntry, join(outDir, "floor"))];
  for (const name of Object.keys(routes) as RouteName[]) {
    const handler = routes[name].handler;
    const bundle = await bundleOne(
      name,
      join(functionsSource, `${handler}.ts`),
      join(outDir, handler.replaceAll("/", "-")),
    );
    bundles.push({ ...bundle, route: name });
  }
  return bundles;
}

/**
 * One Lambda's code in its own folder: the handler and the chunks it imports. Code splitting is
 * on, as in infra/api.ts, so what only a dynamic import() needs stays out of the cold start.
 */
export async function bundleOne(name: Bundle["name"], entry: string, outdir: string): Promise<Bundle> {
  const result = await build({
    entryPoints: { handler: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    platform: "node",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    external: externalPackages,
    keepNames: true,
    bundle: true,
    splitting: true,
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    sourcemap: false,
    metafile: true,
    banner: { js: sstBanner },
    logLevel: "silent",
  });
  await installExternals(result.metafile, outdir);
  return { name, file: join(outdir, "handler.mjs"), ...summarize(result.metafile) };
}

/** Sizes of what loading the handler loads: its file and the chunks it imports statically. */
function summarize(metafile: Metafile): Pick<Bundle, "bytes" | "packages" | "inputs" | "files" | "lazyBytes"> {
  const entry = Object.keys(metafile.outputs).find((path) => metafile.outputs[path]!.entryPoint);
  if (!entry) throw new Error("esbuild wrote no entry");
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of metafile.outputs[path]!.imports) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  const outputs = Object.entries(metafile.outputs).filter(([path]) => !path.endsWith(".map"));
  const byPackage = new Map<string, number>();
  const inputs: Bundle["inputs"] = [];
  const loadedInputs = outputs
    .filter(([path]) => loaded.has(path))
    .flatMap(([, output]) => Object.entries(output.inputs));
  for (const [path, { bytesInOutput }] of loadedInputs) {
    // esbuild names inputs relative to its working directory.
    const absolute = resolve(path);
    inputs.push({
      path: relative(repositoryRoot, absolute).replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, ""),
      bytes: bytesInOutput,
    });
    const owner = packageOf(absolute);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
  }
  const bytesOf = (paths: string[]) => paths.reduce((sum, path) => sum + metafile.outputs[path]!.bytes, 0);
  return {
    bytes: bytesOf([...loaded]),
    lazyBytes: bytesOf(outputs.map(([path]) => path).filter((path) => !loaded.has(path))),
    packages: [...byPackage]
      .map(([packageName, bytes]) => ({ name: packageName, bytes }))
      .sort((a, b) => b.bytes - a.bytes),
    inputs: inputs.sort((a, b) => b.bytes - a.bytes).slice(0, 10),
    files: inputs.filter((input) => input.bytes > 0).map((input) => input.path),
  };
}

/** …/node_modules/.pnpm/x@1/node_modules/@scope/name/… → @scope/name; …/packages/core/src/… → @gogh/core. */
function packageOf(absolutePath: string): string {
  const dependency = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(absolutePath);
  if (dependency) return dependency[1]!;
  const workspace = /^(.*)\/packages\/([^/]+)\//.exec(absolutePath);
  if (workspace && `${workspace[1]}/` === repositoryRoot) return `@gogh/${workspace[2]}`;
  return "(entry)";
}
