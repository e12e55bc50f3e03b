import { beforeAll, expect, it } from "vitest";
import { now } from "../clock";
import { db } from "../db";
import { measureRowsRead } from "../db/testing";
import { newId } from "../id";
import * as repo from "./repo";
import type * as Sticker from "./schema";

// A moderation queue among many stickers in other states: each page reads its own rows, so page
// 40 costs what page 1 does (left to choose, the optimizer read every newer sticker first).
let cursors: string[] = [];

beforeAll(async () => {
  const at = now();
  const statuses: Sticker.StickerStatus[] = ["published", "published", "published", "hidden", "deleted", "pending"];
  const rows = Array.from({ length: 12_000 }, (_, index) => {
    const id = newId();
    return {
      id,
      user_id: newId(),
      kind: "sticker" as const,
      status: statuses[index % statuses.length]!,
      upload_type: "image/png" as const,
      upload_bytes: 1000,
      published_key: `stickers/${id}.png`,
      published_type: "image/png" as const,
      width: 256,
      height: 256,
      created_at: at,
      updated_at: at,
    };
  });
  for (let start = 0; start < rows.length; start += 2000) {
    await db()
      .insertInto("stickers")
      .values(rows.slice(start, start + 2000))
      .execute();
  }
  const published = rows.filter((row) => row.status === "published").map((row) => row.id);
  cursors = Array.from({ length: 40 }, (_, page) => published[published.length - 1 - page * 50]!);
}, 120_000);

it("reads one page's rows for a page of the moderation queue, however far in", async () => {
  const pages: { page: number; rowsRead: number }[] = [];
  for (const [index, before] of cursors.entries()) {
    const { result, rowsRead } = await measureRowsRead((tx) =>
      repo.listByStatus(tx, { status: "published", before, limit: 50 }),
    );
    expect(result).toHaveLength(51);
    expect(result.every((row) => row.id < before && row.status === "published")).toBe(true);
    pages.push({ page: index + 2, rowsRead });
  }
  expect(pages.filter((page) => page.rowsRead > 2 * 51)).toEqual([]);
});
