// A saved document's version, and the If-Match header a save names it in: one schema, one type,
// one parse. route() answers 428 to a save whose route requires If-Match when it has none.
import * as z from "zod/mini";

/** A document's version: 0 means "none saved yet", each save adds one. */
export const Version = z.int().check(z.gte(0), z.lte(2_000_000_000));
export type Version = z.infer<typeof Version>;

/**
 * The version a save replaces: `If-Match: "3"` (the ETag of the last read or save; a weak
 * `W/"3"` or a bare 3 too, "0" before the first save), parsed into its number. Without it a save
 * could silently undo another.
 */
export const IfMatch = z.pipe(
  z.string().check(z.regex(/^\s*(W\/)?"?\d{1,10}"?\s*$/, 'A version such as "3".')),
  z.transform((value) => Number(/\d+/.exec(value)![0])),
);

/** The headers of a save over a version (avatars and rooms). */
export const SaveHeaders = z.object({ "if-match": IfMatch });

/** The ETag header of a saved version, for the next If-Match. */
export function versionTag(version: Version): { etag: string } {
  return { etag: `"${version}"` };
}
