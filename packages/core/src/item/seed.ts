// The catalog seed file (catalog.json beside this file), loaded by `pnpm db:seed`, `pnpm dev`
// and the tests as one of the seed steps in seed.ts.
import { readFileSync } from "node:fs";
import * as Cache from "../cache";
import { now } from "../clock";
import type { Executor } from "../db";
import { parse } from "../fn";
import { catalogKey } from "./index";
import * as repo from "./repo";
import { CatalogFile } from "./schema";

export const catalogFile = new URL("./catalog.json", import.meta.url);

/**
 * Validates the whole file, then inserts the items that are missing; items already there stay
 * as operators left them (the console edits them; `Item.importCatalog` replaces them all).
 * Returns how many it added.
 */
export async function seedCatalog(db: Executor, file: URL = catalogFile): Promise<number> {
  const { items } = parse(CatalogFile, JSON.parse(readFileSync(file, "utf8")));
  const existing = new Set(
    await repo.findExistingIds(
      db,
      items.map((item) => item.id),
    ),
  );
  const missing = items.filter((item) => !existing.has(item.id));
  for (let start = 0; start < missing.length; start += 200) {
    await repo.upsertItems(db, missing.slice(start, start + 200), now());
  }
  if (missing.length > 0) await Cache.drop(catalogKey);
  return missing.length;
}
