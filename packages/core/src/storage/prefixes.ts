/**
 * Prefixes the CDN serves; anything else (pending uploads, hidden objects) is reachable by no
 * one. infra/storage.ts routes these, so this file imports nothing.
 */
export const publicPrefixes = ["avatars/", "rooms/", "stickers/"] as const;
