import { PreconditionRequired } from "@gogh/core/error";

/** The version a save replaces, from its If-Match header (its format checked by the route's `SaveHeaders`). */
export function expectedVersion(headers: { "if-match"?: string }): number {
  const value = headers["if-match"];
  if (value === undefined) throw new PreconditionRequired();
  return Number(/\d+/.exec(value)![0]);
}

/** The ETag header of a saved version, for the next If-Match. */
export function versionTag(version: number): Record<string, string> {
  return { etag: `"${version}"` };
}
