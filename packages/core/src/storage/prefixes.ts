/**
 * Prefixes the CDN serves; anything else (pending uploads, hidden objects) is reachable by no
 * one. infra/storage.ts routes these, so this file imports nothing.
 */
export const publicPrefixes = ["avatars/", "rooms/", "stickers/"] as const;

/** Objects to remove once a transaction has committed: everything under each prefix, and each key. */
export interface StoredContent {
  prefixes: string[];
  keys: string[];
}
