import * as z from "zod/mini";
import { invalidInput } from "./fn";

/**
 * Opaque pagination cursors: the sort key of the last item, as base64url JSON. On the wire a
 * cursor is just a bounded string (schemas stay idempotent, so a use case can re-parse what
 * route() parsed); the use case decodes it, and a forged cursor is a 400, never a broken query.
 */
export const Cursor = z.string().check(z.maxLength(512));

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T extends z.ZodMiniTuple>(shape: T, cursor: string): z.output<T> {
  try {
    return z.parse(shape, JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalidInput([{ path: "cursor", message: "Not a cursor this list returned." }]);
  }
}
