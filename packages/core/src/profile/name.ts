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

/** The name every profile starts with, until its owner picks one. */
export function defaultName(friendId: string): string {
  return `Guest ${friendId.slice(-4)}`;
}

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
