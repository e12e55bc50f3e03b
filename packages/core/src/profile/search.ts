// A page of name search: the cursor is a position in the index its group is read from (repo.ts).
import * as z from "zod/mini";
import * as Block from "../block";
import { decodeCursor, pageOf } from "../cursor";
import type { Executor } from "../db";
import { Id } from "../id";
import * as repo from "./repo";

const SearchAfter = z.tuple([z.enum(["prefix", "partial"]), z.string().check(z.maxLength(200)), Id]);

/** `q` folded already (SearchQuery folds it); with a `viewerId`, nobody across a block with them. */
export async function searchRows(
  executor: Executor,
  query: { q: string; cursor?: string; limit: number; viewerId?: string },
): Promise<{ rows: repo.SearchRow[]; nextCursor: string | null }> {
  const key = query.cursor === undefined ? undefined : decodeCursor(SearchAfter, query.cursor);
  const after = key && { group: key[0], key: key[1], userId: key[2] };
  const visible = query.viewerId === undefined ? undefined : Block.visibleTo(query.viewerId);
  const found = await repo.searchByName(executor, { folded: query.q, after, limit: query.limit, visible });
  const { page, nextCursor } = pageOf(found, query.limit, (row) => [row.match_group, row.match_key, row.user_id]);
  return { rows: page, nextCursor };
}
