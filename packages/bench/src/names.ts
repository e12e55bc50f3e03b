// Deterministic display names for the load test: Japanese (hiragana, katakana, half-width
// katakana, kanji) and Latin (ASCII and full-width), so that search meets the mix it will in use.
const familyNames = [
  "佐藤",
  "鈴木",
  "高橋",
  "田中",
  "さとう",
  "スズキ",
  "ﾀｶﾊｼ",
  "Sato",
  "Suzuki",
  "Tanaka",
  "Ｋａｔｏ",
  "伊藤",
  "やまだ",
  "Yamada",
];
const givenNames = [
  "さくら",
  "サクラ",
  "ｻｸﾗ",
  "Sakura",
  "桜",
  "ゆうき",
  "Yuki",
  "優希",
  "たろう",
  "Taro",
  "太郎",
  "はなこ",
  "ﾊﾅｺ",
  "Ｍｉｎａ",
  "美咲",
  "みさき",
  "Misaki",
  "翔太",
  "しょうた",
  "Shota",
  "さくらこ",
  "Sakurako",
];

/** A search term that matches many of the names below (さくら, サクラ, ｻｸﾗ, さくらこ fold to it). */
export const popularSearch = "さくら";

/** `count` names from a fixed linear congruential sequence: the same names on every run. */
export function benchNames(count: number): string[] {
  let state = 20_240_601;
  const next = (size: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % size;
  };
  return Array.from({ length: count }, () => {
    const family = familyNames[next(familyNames.length)]!;
    const given = givenNames[next(givenNames.length)]!;
    // Latin names read given-first, Japanese family-first.
    return /^[A-Za-zＡ-Ｚａ-ｚ]/.test(given) ? `${given} ${family}` : `${family} ${given}`;
  });
}
