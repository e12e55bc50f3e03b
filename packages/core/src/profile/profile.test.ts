import { beforeAll, describe, expect, it } from "vitest";
import * as Account from "../account";
import { rowCounts } from "../db/testing";
import { foldForSearch, searchSuffixes } from "./name";
import * as Profile from "./index";

async function personNamed(name: string) {
  const { userId } = await Account.signup({});
  return Profile.updateMe({ userId, changes: { name } });
}

describe("names", () => {
  it("are NFKC-normalised and trimmed", async () => {
    const me = await personNamed("  Ｔａｒｏ　ﾀﾛｳ  ");
    expect(me.name).toBe("Taro タロウ");
  });

  it("count visible characters, so 20 emoji with modifiers fit", async () => {
    const me = await personNamed("👍🏽".repeat(20));
    expect(me.name).toBe("👍🏽".repeat(20));
  });

  it.each([
    ["longer than 20 characters", "あ".repeat(21)],
    ["empty", "   "],
    ["with a control character", "ta\u0007ro"],
    ["with a right-to-left override", "abc\u202edef"],
    ["with a zero-width space", "a\u200bb"],
  ])("refuses a name %s and changes nothing", async (_, name) => {
    const { userId } = await Account.signup({});
    const before = await Profile.getMe({ userId });
    const counts = await rowCounts();
    await expect(Profile.updateMe({ userId, changes: { name } })).rejects.toMatchObject({
      status: 400,
      code: "validation_failed",
    });
    expect(await Profile.getMe({ userId })).toEqual(before);
    expect(await rowCounts()).toEqual(counts);
  });
});

describe("profile", () => {
  it("renames many people at once without deadlocking on the search index", async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => Account.signup({})));
    const renamed = await Promise.all(
      people.map(({ userId }, index) => Profile.updateMe({ userId, changes: { name: `同時 ${index} さん` } })),
    );
    expect(renamed.map((me) => me.name)).toEqual(people.map((_, index) => `同時 ${index} さん`));
    expect((await Profile.search({ q: "同時", limit: 50 })).items).toHaveLength(12);
  });

  it("starts with a guest name, a Friend ID and UTC", async () => {
    const { userId } = await Account.signup({});
    const me = await Profile.getMe({ userId });
    expect(me.friendId).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(me.name).toBe(`Guest ${me.friendId.slice(-4)}`);
    expect(me.timeZone).toBe("UTC");
  });

  it("takes a time zone in any case and stores its canonical IANA name", async () => {
    const { userId } = await Account.signup({});
    expect((await Profile.updateMe({ userId, changes: { timeZone: "asia/tokyo" } })).timeZone).toBe("Asia/Tokyo");
    await expect(Profile.updateMe({ userId, changes: { timeZone: "Mars/Olympus" } })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("finds a person by Friend ID typed loosely", async () => {
    const me = await personNamed("Loose Typing");
    const typed = `${me.friendId.slice(0, 4).toLowerCase()}-${me.friendId.slice(4)}`;
    expect(await Profile.resolveFriendId({ friendId: typed })).toEqual({
      userId: me.userId,
      card: { friendId: me.friendId, name: "Loose Typing", bio: "", avatarUrl: null },
    });
  });

  it("finds nobody for a Friend ID nobody has", async () => {
    expect(await Profile.resolveFriendId({ friendId: "ZZZZ2222" })).toBeUndefined();
  });
});

describe("search folding", () => {
  it("folds width, case and katakana to one form", () => {
    expect(foldForSearch("ｻｸﾗ")).toBe("さくら");
    expect(foldForSearch("サクラ")).toBe("さくら");
    expect(foldForSearch("ＳＡＫＵＲＡ Chan")).toBe("sakurachan");
  });

  it("indexes every suffix from the second character on, two characters or longer", () => {
    expect(searchSuffixes("やまさくら")).toEqual(["まさくら", "さくら", "くら"]);
    expect(searchSuffixes("ああああ")).toEqual(["あああ", "ああ"]);
    expect(searchSuffixes("ab")).toEqual([]);
    expect(searchSuffixes("a")).toEqual([]);
    // Code points, as SQL counts characters: an emoji is one.
    expect(searchSuffixes("a😀bc")).toEqual(["😀bc", "bc"]);
  });
});

describe("search", () => {
  const names = ["さくら", "サクラ", "ｻｸﾗｺ", "やまさくら", "Sakura", "SAKURAKO", "misakura", "ゆうき", "Yuki"];
  beforeAll(async () => {
    for (const name of names) await personNamed(name);
  });

  const namesFor = async (q: string) => (await Profile.search({ q })).items.map((card) => card.name);

  it("matches hiragana, katakana and half-width katakana alike, exact before prefix before partial", async () => {
    // Names are stored NFKC-normalised, so the half-width ｻｸﾗｺ comes back as サクラコ.
    expect(await namesFor("サクラ")).toEqual(["さくら", "サクラ", "サクラコ", "やまさくら"]);
    expect(await namesFor("さくら")).toEqual(await namesFor("ｻｸﾗ"));
  });

  it("matches Latin names regardless of case and width", async () => {
    expect(await namesFor("ｓａｋｕｒａ")).toEqual(["Sakura", "SAKURAKO", "misakura"]);
  });

  it("matches a single character by prefix", async () => {
    expect(await namesFor("Y")).toEqual(["Yuki"]);
    expect(await namesFor("ゆ")).toEqual(["ゆうき"]);
  });

  it("pages with a cursor through every match exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await Profile.search({ q: "くら", limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((card) => card.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // All four are partial matches: names in the order of their text from the match on (so the
    // three ending in くら first, by sign-up), then サクラコ.
    expect(seen).toEqual(["さくら", "サクラ", "やまさくら", "サクラコ"]);
  });

  it("treats LIKE wildcards in the query as text", async () => {
    expect(await namesFor("%")).toEqual([]);
    expect(await namesFor("s_k")).toEqual([]);
  });

  it("refuses a forged cursor", async () => {
    await expect(Profile.search({ q: "さくら", cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("no longer finds a person under their old name", async () => {
    const renamed = await personNamed("ふるいなまえ");
    await Profile.updateMe({ userId: renamed.userId, changes: { name: "あたらしい" } });
    expect(await namesFor("ふるい")).toEqual([]);
    expect(await namesFor("たらし")).toEqual(["あたらしい"]);
  });
});
