import { beforeAll, expect, it } from "vitest";
import { now } from "../clock";
import { db } from "../db";
import { measureRowsRead } from "../db/testing";
import { newId } from "../id";
import * as repo from "./repo";

// Someone with a long history among many people: the case where the optimizer, left to choose,
// read every entry newer than the cursor before the page (page 10 of 20 read 201 rows).
const heavy = newId();
let cursors: string[] = [];

beforeAll(async () => {
  const at = now();
  const entries = (userId: string, count: number) =>
    Array.from({ length: count }, (_, index) => {
      const id = newId();
      return {
        id,
        user_id: userId,
        amount: 1,
        reason: "focus",
        reference: `r${index}-${id}`,
        balance_after: index,
        created_at: at,
      };
    });
  const rows = [...entries(heavy, 1000), ...Array.from({ length: 20 }, () => entries(newId(), 1000)).flat()];
  for (let start = 0; start < rows.length; start += 2000) {
    await db()
      .insertInto("wallet_ledger")
      .values(rows.slice(start, start + 2000))
      .execute();
  }
  const ids = rows.slice(0, 1000).map((row) => row.id);
  // Newest first: the cursor of page n is the id after which it starts.
  cursors = Array.from({ length: 40 }, (_, page) => ids[ids.length - page * 20]!).slice(1);
}, 120_000);

it("reads one page's rows for a page of the ledger, however far in", async () => {
  const pages: { page: number; rowsRead: number }[] = [];
  for (const [index, beforeId] of cursors.entries()) {
    const { result, rowsRead } = await measureRowsRead((tx) =>
      repo.findLedgerPage(tx, { userId: heavy, beforeId, limit: 20 }),
    );
    expect(result).toHaveLength(21);
    expect(result.every((row) => row.id < beforeId)).toBe(true);
    pages.push({ page: index + 2, rowsRead });
  }
  expect(pages.filter((page) => page.rowsRead > 2 * 21)).toEqual([]);
});
