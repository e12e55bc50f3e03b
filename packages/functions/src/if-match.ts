/**
 * The version a save replaces, from its If-Match header (required by the route's `SaveHeaders`,
 * so route() answered 428 without it and 400 to another form).
 */
export function expectedVersion(headers: { "if-match": string }): number {
  return Number(/\d+/.exec(headers["if-match"])![0]);
}

/** The ETag header of a saved version, for the next If-Match. */
export function versionTag(version: number): Record<string, string> {
  return { etag: `"${version}"` };
}
