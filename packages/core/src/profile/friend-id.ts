import { randomInt } from "node:crypto";
import * as z from "zod";

// No 0/O or 1/I: people read Friend IDs aloud and type them from screenshots.
const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const length = 8;

export function newFriendId(): string {
  let id = "";
  for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

/** Accepts what people type: any case, full width, spaces or dashes between groups. */
export const FriendId = z
  .string()
  .max(32)
  .transform((value) => value.normalize("NFKC").toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(new RegExp(`^[${alphabet}]{${length}}$`), "A Friend ID is 8 letters and digits."));
