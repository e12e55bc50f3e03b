import * as z from "zod/mini";
import { invalidInput } from "./fn";

/**
 * Opaque pagination cursors: the sort key of the last item, as base64url JSON. On the wire a
 * cursor is just a bounded string (schemas stay idempotent, so a use case can re-parse what
 * route() parsed); the use case decodes it, and a forged cursor is a 400, never a broken query.
 */
export const Cursor = z.string().check(z.regex(/^[\w-]{1,512}$/, "Not a cursor this list returned."));

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T extends z.ZodMiniTuple>(shape: T, cursor: string): z.output<T> {
  try {
    return z.parse(shape, JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    // Cursors come in the query string (`?cursor=`) of every list that takes one.
    throw invalidInput([{ path: "query.cursor", message: "Not a cursor this list returned." }]);
  }
}

/**
 * A page from rows fetched with `limit + 1`: the first `limit`, and a cursor after the last of
 * them when the extra row shows that more follow.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => unknown[],
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
