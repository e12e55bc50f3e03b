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

/** Distinct two-character grams of a folded name: the keys of our partial-match index. */
export function bigrams(folded: string): string[] {
  const chars = Array.from(folded);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}
