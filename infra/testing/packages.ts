import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const readPackage = (path: string) => JSON.parse(readFileSync(path, "utf8")) as { name?: string; version: string };

/** The version of package `name` that code in the file `from` loads, or undefined when it cannot load it. */
export function installedVersion(name: string, from: string): string | undefined {
  let directory: string;
  try {
    directory = dirname(createRequire(from).resolve(name));
  } catch {
    return undefined;
  }
  while (!existsSync(join(directory, "package.json")) || readPackage(join(directory, "package.json")).name !== name) {
    directory = dirname(directory);
  }
  return readPackage(join(directory, "package.json")).version;
}

/** The node_modules folder SST's dev build links beside a function's bundle: the first one up from the handler file. */
export function nearestNodeModules(file: string): string | undefined {
  for (let directory = dirname(file); directory !== dirname(directory); directory = dirname(directory)) {
    if (existsSync(join(directory, "node_modules"))) return join(directory, "node_modules");
  }
  return undefined;
}
