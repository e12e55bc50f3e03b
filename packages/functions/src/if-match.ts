import { PreconditionRequired } from "@gogh/core/error";
import { invalidInput } from "@gogh/core/fn";

/**
 * The version a save replaces, from `If-Match: "3"` (the ETag the last read or save returned;
 * a weak `W/"3"` or a bare 3 are taken too). Without it a save could silently undo another's.
 */
export function expectedVersion(headers: Record<string, string | undefined>): number {
  const value = headers["if-match"];
  if (value === undefined) throw new PreconditionRequired();
  const match = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(value);
  if (!match) throw invalidInput([{ path: "headers.if-match", message: 'A version such as "3".' }]);
  return Number(match[1]);
}

/** The ETag header of a saved version, for the next If-Match. */
export function versionTag(version: number): Record<string, string> {
  return { etag: `"${version}"` };
}
