// The catalog seed file (packages/core/src/item/catalog.json) for `pnpm db:seed`, `pnpm dev` and tests.
import { readFileSync } from "node:fs";
import * as Item from "./index";

export const catalogFile = new URL("./catalog.json", import.meta.url);

/** Validates the seed file whole and loads it; running it again changes nothing. */
export async function seedCatalog(file: URL = catalogFile) {
  return Item.importCatalog(JSON.parse(readFileSync(file, "utf8")));
}
