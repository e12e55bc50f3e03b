import { text } from "../text";

/** A display name: what people see on cards, in friend lists and in search. */
export const Name = text({
  id: "Name",
  subject: "A name",
  min: 1,
  max: 20,
  counts: "graphemes",
  form: "NFKC",
  column: { table: "profiles", column: "name", size: 100 },
  derived: [{ form: (name) => foldForSearch(name), column: { table: "profiles", column: "search_name", size: 100 } }],
});

/**
 * The form names are searched in: NFKC (full/half width), lower case, katakana as hiragana,
 * no spaces. Used for both the stored names and the query so that they always agree.
 */
export function foldForSearch(value: string): string {
  return value
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
