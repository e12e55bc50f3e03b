import functionsPackage from "../packages/functions/package.json";

/**
 * How every Lambda of the app is built and run (the routes in infra/api.ts, the console in
 * infra/admin.ts): the newest Lambda Node runtime on arm64 (current AWS SDK releases are
 * dropping Node 20), minified ESM split so that what only a dynamic import() needs (the Momento
 * SDK) stays out of the cold start, and source maps shipped with the code and applied by Node,
 * so that a stack trace in the logs names our files and lines. Node parses a bundle's map as it
 * loads it: about 100 ms more at cold start for a typical route (README, Deploying).
 */
export function lambdaBuild(install: readonly string[] = []) {
  return {
    runtime: "nodejs24.x",
    architecture: "arm64",
    nodejs: { format: "esm", minify: true, splitting: true, sourcemap: true, ...nodePackages(install) },
    environment: { NODE_OPTIONS: "--enable-source-maps" },
  } as const;
}

/**
 * Native packages SST never bundles and installs in any function whose bundle imports them, at
 * the version of the package.json nearest the handler, else the latest (pkg/runtime/node in
 * sst/sst). Every bundle that reaches the sticker module imports sharp (from the completion's
 * lazy chunk), so without this each of them would install sharp, unpinned for the console.
 */
const installedBySst = ["sharp", "pg-native"];

/**
 * What a bundle leaves out: the packages the function declares are installed at the exact
 * version the workspace tests (packages/functions/package.json; without one SST installs
 * whatever npm has that day); the others are left out uninstalled, as that code never runs there.
 */
function nodePackages(install: readonly string[]) {
  const pinned: Record<string, string> = functionsPackage.dependencies;
  const versions = install.map((name) => {
    const version = pinned[name];
    if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
      throw new Error(`${name} needs an exact version in packages/functions/package.json to be installed in a Lambda.`);
    }
    return [name, version] as const;
  });
  return {
    ...(versions.length > 0 ? { install: Object.fromEntries(versions) } : {}),
    esbuild: { external: installedBySst.filter((name) => !install.includes(name)) },
  };
}
