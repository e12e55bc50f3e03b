import * as z from "zod/mini";

// Built on first use, not at import: creating a Segmenter loads ICU data (about 8 ms), which
// every route would otherwise pay at cold start.
let segmenter: Intl.Segmenter | undefined;

// Controls, unassigned, private-use and format characters (bidi overrides, zero-width
// spaces) are refused; the zero-width joiner stays because emoji sequences need it.
const forbidden = /[\p{Cc}\p{Cn}\p{Co}\p{Cs}]|(?!\u200d)\p{Cf}/u;

function visibleLength(text: string): number {
  segmenter ??= new Intl.Segmenter("und", { granularity: "grapheme" });
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** NFKC, whitespace runs collapsed to one space, trimmed. */
function normalizeName(text: string): string {
  return text.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

export const Name = z.pipe(z.string().check(z.maxLength(200)), z.transform(normalizeName)).check(
  z.refine((name) => !forbidden.test(name), "A name may not contain control or invisible characters."),
  z.refine((name) => visibleLength(name) >= 1, "A name needs at least one visible character."),
  z.refine((name) => visibleLength(name) <= 20, "A name has at most 20 characters."),
);

/** The name every profile starts with, until its owner picks one. */
export function defaultName(friendId: string): string {
  return `Guest ${friendId.slice(-4)}`;
}

/**
 * The form names are searched in: NFKC (full/half width), lower case, katakana as hiragana,
 * no spaces. Used for both the stored names and the query so that they always agree.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (kana) => String.fromCharCode(kana.charCodeAt(0) - 0x60))
    .replace(/\s+/gu, "");
}

/**
 * The keys of our partial-match index: every suffix of a folded name that starts after its first
 * character and is at least two characters long ("やまさくら" → "まさくら", "さくら", "くら").
 * A name contains a query of two or more characters past its start exactly when one of these
 * suffixes starts with the query, so partial matches are one range of an index ordered by suffix.
 * Characters are code points, as SQL's SUBSTRING and CHAR_LENGTH count them.
 */
export function searchSuffixes(folded: string): string[] {
  const chars = Array.from(folded);
  const suffixes: string[] = [];
  for (let start = 1; start + 2 <= chars.length; start++) suffixes.push(chars.slice(start).join(""));
  return suffixes;
}
