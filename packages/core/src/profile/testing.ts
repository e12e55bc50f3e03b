import { now } from "../clock";
import { db } from "../db";
import { measureRowsRead } from "../db/testing";
import { parse } from "../fn";
import { newId } from "../id";
import { newFriendId } from "./friend-id";
import { defaultName, foldForSearch, Name, searchSuffixes } from "./name";
import * as repo from "./repo";
import { SearchQuery } from "./schema";
import { searchRows } from "./search";

export { foldForSearch } from "./name";

export interface StoredProfile {
  userId: string;
  friendId: string;
  name: string;
  searchName: string;
  suffixes: string[];
}

/**
 * A person as sign-up and `PATCH /v1/me` store them: the name normalised by the Name schema,
 * folded for search and cut into suffixes; `null` is someone who never renamed (`Guest XXXX`).
 * `friendIds` keeps Friend IDs unique across a crowd, as the unique key would.
 */
export function storedProfile(name: string | null, friendIds = new Set<string>()): StoredProfile {
  let friendId = newFriendId();
  while (friendIds.has(friendId)) friendId = newFriendId();
  friendIds.add(friendId);
  const shown = name === null ? defaultName(friendId) : parse(Name, name);
  const searchName = foldForSearch(shown);
  return { userId: newId(), friendId, name: shown, searchName, suffixes: searchSuffixes(searchName) };
}

/**
 * Many people at once, stored as sign-up and a rename store them, for tests and benchmarks that
 * need crowds (friend lists of 500, search among 20,000): two inserts per thousand people.
 */
export async function insertPeople(names: (string | null)[]): Promise<StoredProfile[]> {
  const at = now();
  const friendIds = new Set<string>();
  const people = names.map((name) => storedProfile(name, friendIds));
  for (let start = 0; start < people.length; start += 1000) {
    const chunk = people.slice(start, start + 1000);
    await db()
      .insertInto("profiles")
      .values(
        chunk.map((person) => ({
          user_id: person.userId,
          friend_id: person.friendId,
          name: person.name,
          search_name: person.searchName,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    await repo.insertSearchSuffixes(db(), chunk);
  }
  return people;
}

/**
 * Display names of a population as people pick them: さくら 4%, ゆうき 3% and Yuki 2% (in the
 * widths and scripts people type them), 10% who never rename (`null`), and the rest kana, kanji
 * and Latin names drawn from syllables with a long tail. The same `seed` gives the same names.
 */
export function populationNames(count: number, seed = 1): (string | null)[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const common = (items: Weighted) => zipfPick(items, random());
  return Array.from({ length: count }, () => {
    const draw = random();
    if (draw < 0.1) return null;
    if (draw < 0.14) return pick(["さくら", "サクラ", "ｻｸﾗ"]);
    if (draw < 0.17) return pick(["ゆうき", "ユウキ"]);
    if (draw < 0.19) return pick(["Yuki", "YUKI", "ｙｕｋｉ"]);
    const script = random();
    const syllables = 2 + Math.floor(random() * 3);
    if (script < 0.35) {
      const kana = Array.from({ length: syllables }, () => common(kanaSyllables)).join("");
      return random() < 0.5 ? kana : toKatakana(kana);
    }
    if (script < 0.65) {
      const given = common(givenKanji) + (random() < 0.6 ? common(givenKanji) : "");
      return `${common(familyKanji)}${random() < 0.3 ? " " : ""}${given}`;
    }
    const given = capitalised(Array.from({ length: syllables }, () => common(latinSyllables)).join(""));
    return random() < 0.5 ? given : `${given} ${capitalised(common(latinSyllables) + common(latinSyllables))}`;
  });
}

type Weighted = { items: string[]; cumulative: number[] };

/** Index i drawn with weight 1/(i+1): a few syllables are everywhere, most are rare. */
function zipf(items: string[]): Weighted {
  let total = 0;
  const cumulative = items.map((_, index) => (total += 1 / (index + 1)));
  return { items, cumulative: cumulative.map((value) => value / total) };
}

function zipfPick({ items, cumulative }: Weighted, draw: number): string {
  let low = 0;
  let high = items.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < draw) low = middle + 1;
    else high = middle;
  }
  return items[low]!;
}

const kanaSyllables = zipf(
  "さ く ら ゆ う き か な み た ま こ り え あ い お し ひ ろ は る と も ち ね の そ す せ け つ て ほ や よ わ れ ん め む ふ へ ぬ に ご じ だ ば ぴ".split(
    " ",
  ),
);
const familyKanji = zipf(
  "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本".split(
    " ",
  ),
);
const givenKanji = zipf(
  "翔 陽 蓮 結 愛 葵 悠 大 湊 花 美 咲 優 太 真 子 奈 菜 彩 莉 希 心 颯 樹 凛 陸 海 空 光 明 健 一 郎 二 和 直 里 沙 千 香 恵 智 浩 秀 達 也 誠 亮 聡 綾 瞳 遥 楓 杏 紗 舞 桜 雪 月".split(
    " ",
  ),
);
const latinSyllables = zipf(
  "ka ri na mi ta ro yu ki sa ku ra ha ru to shi ko ma e a n ei ai o ne no mo chi tsu ke se so hi fu he ho ya yo wa re ri ji da ba pa jo ben li sam an el".split(
    " ",
  ),
);

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const toKatakana = (text: string) =>
  text.replace(/[\u3041-\u3096]/g, (kana) => String.fromCharCode(kana.charCodeAt(0) + 0x60));

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One page of `Profile.search` as the use case reads it, with the rows the database read for it. */
export async function measureSearch(query: { q: string; cursor?: string; limit?: number; viewerId?: string }) {
  const parsed = parse(SearchQuery, query);
  const { result, rowsRead } = await measureRowsRead((tx) => searchRows(tx, { ...parsed, viewerId: query.viewerId }));
  return { names: result.rows.map((row) => row.name), nextCursor: result.nextCursor, rowsRead };
}
