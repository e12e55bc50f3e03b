import { randomInt } from "node:crypto";
import * as z from "zod/mini";

// No 0/O or 1/I: people read Friend IDs aloud and type them from screenshots.
const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const length = 8;

export function newFriendId(): string {
  let id = "";
  for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

/** Accepts what people type: any case, full width, spaces or dashes between groups. */
export const FriendId = z.pipe(
  z.pipe(
    z
      .string()
      .check(
        z.regex(
          /^[\s\-－2-9A-HJ-NP-Za-hj-np-z２-９Ａ-ＨＪ-ＮＰ-Ｚａ-ｈｊ-ｎｐ-ｚ]{8,32}$/,
          "A Friend ID is 8 letters and digits.",
        ),
      ),
    z.transform((value: string) => value.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "")),
  ),
  z.string().check(z.regex(new RegExp(`^[${alphabet}]{${length}}$`), "A Friend ID is 8 letters and digits.")),
);
