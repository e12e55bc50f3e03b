import type { Executor } from "../db";
import * as repo from "./repo";

/**
 * The public spaces every stage starts with (master data, `pnpm db:seed`). Migration 0005 made
 * the first six and keeps its own frozen copy, as migrations do; new spaces are added here. The
 * ids are fixed so that examples and tests can name them.
 */
export const publicSpaces = [
  { id: "01KSPACE00000000000000000A", slug: "library", name: "Library", capacity: 50 },
  { id: "01KSPACE00000000000000000B", slug: "cafe", name: "Cafe", capacity: 30 },
  { id: "01KSPACE00000000000000000C", slug: "night-owls", name: "Night owls", capacity: 30 },
  { id: "01KSPACE00000000000000000D", slug: "toshokan", name: "図書館", capacity: 50 },
  { id: "01KSPACE00000000000000000E", slug: "kissaten", name: "喫茶店", capacity: 20 },
  { id: "01KSPACE00000000000000000F", slug: "yofukashi", name: "夜ふかし部", capacity: 20 },
];

/** Inserts the spaces that are missing; leaves existing ones as operators left them. Returns how many it added. */
export async function seedSpaces(db: Executor): Promise<number> {
  const existing = new Set(
    await repo.findExistingIds(
      db,
      publicSpaces.map((space) => space.id),
    ),
  );
  const missing = publicSpaces
    .map((space, index) => ({ ...space, sort_order: index, created_at: new Date() }))
    .filter((space) => !existing.has(space.id));
  if (missing.length > 0) await repo.insertSpaces(db, missing);
  return missing.length;
}
