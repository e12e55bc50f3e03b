import { type Kysely, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as Account from "../account";
import * as Block from "../block";
import { db, transaction } from "../db";
import { backfillPeople, backfillSearchSuffixes } from "../db/migrations/0017_profile_search_suffixes";
import * as dropProfileSearchGrams from "../db/migrations/0023_drop_profile_search_grams";
import { maxRowsPerStatement } from "../db/refusals";
import { foldForSearch } from "./name";
import { insertPeople, measureSearch, populationNames, type StoredProfile } from "./testing";
import * as Profile from "./index";

// A crowd with the common-name distribution (さくら 4%, ゆうき 3%, Yuki 2%, 10% never renamed),
// stored as PATCH /v1/me stores names, plus a few names that test the edges of the index.
const crowdSize = 20_000;
const edgeNames = ["くらくら", "やまくらくら", "たさくらあ", "a😀bc", "👍🏽".repeat(20), "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄ"];
let crowd: StoredProfile[];

beforeAll(async () => {
  crowd = await insertPeople([...populationNames(crowdSize, 19), ...edgeNames]);
}, 300_000);

/** Every page of a search, following cursors to the end. */
async function allPages(q: string, limit: number, viewerId?: string) {
  const names: string[] = [];
  const reads: { returned: number; rowsRead: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await measureSearch({ q, cursor, limit, viewerId });
    names.push(...page.names);
    reads.push({ returned: page.names.length, rowsRead: page.rowsRead });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { names, reads };
}

/** What search must answer, worked out from the stored names alone. */
function expectedNames(q: string, hidden: string[] = []): string[] {
  const folded = foldForSearch(q);
  const byCodePoint = (a: string, b: string) => {
    const [left, right] = [Array.from(a, (c) => c.codePointAt(0)!), Array.from(b, (c) => c.codePointAt(0)!)];
    for (let i = 0; i < Math.min(left.length, right.length); i++) if (left[i] !== right[i]) return left[i]! - right[i]!;
    return left.length - right.length;
  };
  const ordered = (rows: { key: string; person: StoredProfile }[]) =>
    rows
      .sort((a, b) => byCodePoint(a.key, b.key) || (a.person.userId < b.person.userId ? -1 : 1))
      .map((row) => row.person.name);
  const visible = crowd.filter((person) => !hidden.includes(person.userId));
  const prefix = visible
    .filter((person) => person.searchName.startsWith(folded))
    .map((person) => ({ key: person.searchName, person }));
  const partial =
    Array.from(folded).length < 2
      ? []
      : visible
          .filter((person) => person.searchName.indexOf(folded) > 0)
          .map((person) => ({ key: person.searchName.slice(person.searchName.indexOf(folded)), person }));
  return [...ordered(prefix), ...ordered(partial)];
}

const guest = () => crowd.find((person) => person.name.startsWith("Guest "))!;
const rareName = () => {
  const counts = new Map<string, number>();
  for (const person of crowd) counts.set(person.searchName, (counts.get(person.searchName) ?? 0) + 1);
  return crowd.find((person) => counts.get(person.searchName) === 1 && /^[\u3041-\u3096]{4}$/.test(person.name))!.name;
};

describe("search among 20,000 people", () => {
  it.each([
    ["さくら", "common"],
    ["さ", "one character"],
    ["ゆう", "common two characters"],
    ["くら", "common, partial matches only"],
    ["yuk", "Latin prefix"],
    ["ka", "short Latin"],
    ["くらくら", "a name holding the query twice"],
  ])("answers %s (%s) with every match once, in order, across pages", async (q) => {
    const { names } = await allPages(q, 50);
    expect(names).toEqual(expectedNames(q));
  });

  it("answers a default name, a rare name and no match", async () => {
    for (const q of [guest().name, rareName(), "ぬぬぬぬ", "zzqx"]) {
      expect((await allPages(q, 20)).names).toEqual(expectedNames(q));
    }
  });

  it("reads at most ten rows for each row it returns, for every kind of query and every page", async () => {
    const queries = [
      "さくら",
      "さ",
      "ゆう",
      "くら",
      "yuk",
      "Yuki",
      "g",
      "guest",
      guest().name,
      rareName(),
      "ぬぬぬぬ",
      "zzqx",
    ];
    const worst: { q: string; page: number; returned: number; rowsRead: number }[] = [];
    for (const q of queries) {
      // The first five pages of 20, and then a page far in (from where the fifth ended).
      let cursor: string | undefined;
      for (let page = 1; page <= 5; page++) {
        const found = await measureSearch({ q, cursor, limit: 20 });
        worst.push({ q, page, returned: found.names.length, rowsRead: found.rowsRead });
        cursor = found.nextCursor ?? undefined;
        if (!cursor) break;
      }
    }
    const over = worst.filter((entry) => entry.rowsRead > 10 * Math.max(entry.returned, 1));
    expect(over).toEqual([]);
    // Common names fill their pages: the bound is not met by returning nothing.
    expect(worst.find((entry) => entry.q === "さくら" && entry.page === 5)?.returned).toBe(20);
  });

  it("costs the same on page 40 as on page 1", async () => {
    let cursor: string | undefined;
    const reads: number[] = [];
    for (let page = 1; page <= 40; page++) {
      const found = await measureSearch({ q: "さくら", cursor, limit: 20 });
      reads.push(found.rowsRead);
      cursor = found.nextCursor!;
    }
    expect(Math.max(...reads)).toBeLessThanOrEqual(reads[0]! + 2);
  });

  it("gives the same pages for kana, width and case variants of a query", async () => {
    for (const variants of [
      ["さくら", "サクラ", "ｻｸﾗ", " さ く ら "],
      ["yuki", "YUKI", "Ｙｕｋｉ", "ｙｕｋｉ"],
      ["ゆう", "ユウ", "ﾕｳ"],
    ]) {
      const pages = await Promise.all(variants.map((q) => allPages(q, 7).then((result) => result.names)));
      for (const names of pages.slice(1)) expect(names).toEqual(pages[0]);
      expect(pages[0]!.length).toBeGreaterThan(7);
    }
  });

  it("leaves people across a block out of both prefix and partial matches, still reading by the page", async () => {
    const matches = crowd.filter((person) => person.searchName.includes("さくら"));
    const hidden = [...matches.slice(0, 30), ...matches.filter((person) => !person.searchName.startsWith("さくら"))]
      .slice(0, 60)
      .map((person) => person.userId);
    // The searcher blocked half of them, and the other half blocked the searcher.
    const [viewer] = await insertPeople(["Searcher"]);
    for (const [index, userId] of [...new Set(hidden)].entries()) {
      const [blocker, blocked] = index % 2 === 0 ? [viewer!.userId, userId] : [userId, viewer!.userId];
      await transaction((tx) => Block.addWithin(tx, blocker, blocked));
    }
    const { names, reads } = await allPages("さくら", 50, viewer!.userId);
    expect(names).toEqual(expectedNames("さくら", hidden));
    expect(names.length).toBe(matches.length - new Set(hidden).size);
    // A blocked person in the range is read and passed over (with a look at the blocks each way):
    // the whole search reads in proportion to the rows it went through, not to the population.
    const rowsRead = reads.reduce((sum, page) => sum + page.rowsRead, 0);
    expect(rowsRead).toBeLessThanOrEqual(10 * (names.length + new Set(hidden).size));
  });
});

describe("search order", () => {
  it("puts a name holding the query twice among prefix matches only, once", async () => {
    expect((await allPages("くらくら", 20)).names).toEqual(["くらくら", "やまくらくら"]);
  });

  it("answers a cursor into partial matches of a one-character query (which has none) with an empty page", async () => {
    const forged = Buffer.from(JSON.stringify(["partial", "あ", "01HZZZZZZZZZZZZZZZZZZZZZZZ"])).toString("base64url");
    expect(await Profile.search({ q: "あ", cursor: forged })).toEqual({ items: [], nextCursor: null });
  });

  it("never shows a suffix row that no longer belongs to the person's name", async () => {
    const { userId } = await Account.signup({});
    await Profile.updateMe({ userId, changes: { name: "あおぞらひかる" } });
    // As a rename by the release before the suffix index would leave it: rows of an older name.
    const stale = ["ぞらひかり", "らひかり", "ひかり"];
    await db()
      .insertInto("profile_search_suffixes")
      .values(stale.map((suffix) => ({ suffix, user_id: userId })))
      .execute();
    const names = async (q: string) => (await Profile.search({ q, limit: 50 })).items.map((card) => card.name);
    expect(await names("ひかり")).not.toContain("あおぞらひかる");
    expect((await names("ひか")).filter((name) => name === "あおぞらひかる")).toHaveLength(1);
    // The backfill test below compares the index with what the app writes.
    await db()
      .deleteFrom("profile_search_suffixes")
      .where("user_id", "=", userId)
      .where("suffix", "in", stale)
      .execute();
  });

  it("finds a person renamed through PATCH /v1/me by every part of the new name, and none of the old", async () => {
    const { userId } = await Account.signup({});
    await Profile.updateMe({ userId, changes: { name: "ほしぞらみなと" } });
    await Profile.updateMe({ userId, changes: { name: "ほしかげみなと" } });
    const names = async (q: string) => (await Profile.search({ q, limit: 50 })).items.map((card) => card.name);
    for (const q of ["ほしかげ", "かげみ", "みなと", "なと"]) expect(await names(q)).toContain("ほしかげみなと");
    for (const q of ["ぞら", "しぞ"]) expect(await names(q)).not.toContain("ほしぞらみなと");
  });
});

describe("the suffix backfill (migration 0017)", () => {
  it("writes fewer than 100,000 rows per statement", () => {
    const longestSuffixes = 100 - 2;
    expect(backfillPeople * longestSuffixes).toBeLessThan(maxRowsPerStatement);
  });

  it("cuts the same suffixes the app writes, in batches", async () => {
    const checksum = async () =>
      (
        await sql<{ count: string; sum: string }>`
          SELECT COUNT(*) AS count, SUM(CRC32(CONCAT(suffix, ' ', user_id))) AS sum FROM profile_search_suffixes`.execute(
          db(),
        )
      ).rows[0];
    const written = await checksum();
    expect(Number(written?.count)).toBeGreaterThan(crowdSize);
    await sql`TRUNCATE TABLE profile_search_suffixes`.execute(db());
    await backfillSearchSuffixes(db(), 777);
    expect(await checksum()).toEqual(written);
  });
});

describe("the bigram index's drop (migration 0023)", () => {
  it("first gives every name the suffixes it lacks, then drops the table", async () => {
    const { userId } = await Account.signup({});
    await Profile.updateMe({ userId, changes: { name: "ほしぞらみなと" } });
    // As the release before suffixes left someone it renamed while 0017 ran: no rows of the new name.
    await db().deleteFrom("profile_search_suffixes").where("user_id", "=", userId).execute();
    await sql`CREATE TABLE IF NOT EXISTS profile_search_grams (
      gram VARCHAR(8) NOT NULL, user_id CHAR(26) NOT NULL, PRIMARY KEY (gram, user_id))`.execute(db());
    const names = async (q: string) => (await Profile.search({ q, limit: 50 })).items.map((card) => card.name);
    expect(await names("ぞらみ")).not.toContain("ほしぞらみなと");
    await dropProfileSearchGrams.up(db() as unknown as Kysely<unknown>);
    for (const q of ["ぞらみ", "みなと", "なと"]) expect(await names(q)).toContain("ほしぞらみなと");
    const { rows } = await sql<{ count: string }>`
      SELECT COUNT(*) AS count FROM information_schema.tables
      WHERE table_schema = DATABASE() AND table_name = 'profile_search_grams'`.execute(db());
    expect(Number(rows[0]!.count)).toBe(0);
  });
});
