import { existsSync, readdirSync } from "node:fs";
import { sql } from "kysely";
import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { db } from "./db";
import { codePoints, graphemes, textKinds, textSchemas } from "./text";
import { Platform } from "./account/schema";
import { Tag } from "./focus/schema";
import { Bio, Name } from "./profile/schema";
import { RoomName } from "./room/schema";

// Every module's wire schemas, so that every text kind is defined (and so checked below).
for (const module of readdirSync(new URL(".", import.meta.url))) {
  if (existsSync(new URL(`./${module}/schema.ts`, import.meta.url))) await import(`./${module}/schema.ts`);
}

const family = "👨‍👩‍👧‍👦";
const accepts = (schema: z.ZodMiniType, value: string) => z.safeParse(schema, value);

describe("text kinds", () => {
  it("each fits the column that stores it, as the migrated schema sizes it", async () => {
    const columns = textKinds().flatMap((kind) => [
      ...(kind.column ? [kind.column] : []),
      ...(kind.derived ?? []).map((derived) => derived.column),
    ]);
    expect(columns.map((column) => `${column.table}.${column.column}`)).toEqual(
      expect.arrayContaining([
        "profiles.name",
        "profiles.search_name",
        "profiles.bio",
        "focus_sessions.tag",
        "focus_tag_days.tag",
        "rooms.name",
        "auth_sessions.device_label",
        "spaces.name",
        "admin_operators.name",
      ]),
    );
    for (const column of columns) {
      const { rows } = await sql<{ size: string | number; type: string }>`
        SELECT CHARACTER_MAXIMUM_LENGTH AS size, DATA_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${column.table} AND COLUMN_NAME = ${column.column}`.execute(
        db(),
      );
      expect(rows, `${column.table}.${column.column}`).toHaveLength(1);
      expect({ type: rows[0]!.type, size: Number(rows[0]!.size) }, `${column.table}.${column.column}`).toEqual({
        type: "varchar",
        size: column.size,
      });
    }
  });

  it("refuses text that would not fit its column once normalised: a letter with 150 combining marks, 18 families", () => {
    const zalgo = `a${"\u0301".repeat(150)}`;
    expect(graphemes(zalgo)).toBe(1);
    expect(accepts(Name, zalgo).success).toBe(false);
    expect(graphemes(family.repeat(18))).toBe(18);
    expect(codePoints(family.repeat(18))).toBe(126);
    expect(accepts(Name, family.repeat(18)).success).toBe(false);
    expect(accepts(Name, family.repeat(14)).data).toBe(family.repeat(14));
    // NFKC makes one code point eighteen: 10 of them are 10 characters typed, 180 stored.
    expect(accepts(Name, "\ufdfa".repeat(10)).success).toBe(false);
    // Lower-casing İ makes two code points of one: the name fits, its search form would not.
    const dotted = `İ${"\u0301".repeat(4)}`.repeat(20);
    expect(codePoints(dotted)).toBe(100);
    expect(accepts(Name, dotted).success).toBe(false);
    expect(accepts(Tag, "\ufdfa\ufdfa").success).toBe(false);
  });

  it.each([
    ["a right-to-left override", "abc\u202edef"],
    ["a left-to-right override", "abc\u202ddef"],
    ["an isolate", "a\u2067b\u2069c"],
    ["a right-to-left mark", "a\u200fb"],
    ["a zero-width space", "a\u200bb"],
    ["a zero-width joiner inside a word", "a\u200db"],
    ["a byte-order mark", "\ufeffab"],
    ["a soft hyphen", "ab\u00adc"],
    ["an escape sequence", "a\u001b[31mred"],
    ["NUL", "a\u0000b"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["a line separator", "a\u2028b"],
    ["a Hangul filler", "\u3164"],
    ["a lone surrogate", "a\ud800b"],
    ["a private-use character", "a\ue000b"],
    ["an unassigned code point", "a\u{e0fff}b"],
    ["an invisible tag character", "a\u{e0041}b"],
  ])("refuses %s in every kind", (_, value) => {
    const schemas = textSchemas();
    expect([...schemas.keys()]).toEqual(
      expect.arrayContaining(["Name", "Bio", "Tag", "RoomName", "DeviceLabel", "SpaceName", "NoticeBody", "ItemName"]),
    );
    for (const [id, schema] of schemas)
      expect(accepts(schema, value).success, `${id} ${JSON.stringify(value)}`).toBe(false);
  });

  it("keeps emoji built with joiners, skin tones and variation selectors, and line breaks only in a bio", () => {
    for (const emoji of ["👩‍💻", "👍🏽", "❤️‍🔥", "🏳️‍🌈", "👩🏽‍🚀", family]) {
      expect(accepts(Name, emoji).data).toBe(emoji);
      expect(accepts(RoomName, `部屋 ${emoji}`).data).toBe(`部屋 ${emoji}`);
    }
    expect(accepts(Bio, " first line\r\nsecond\rthird ").data).toBe("first line\nsecond\nthird");
    expect(accepts(Name, "a\nb").success).toBe(false);
    expect(accepts(Tag, "  Ｄｅｅｐ\u3000 Work ").data).toBe("deep work");
  });

  it("gives what it accepted back unchanged when parsed again", () => {
    for (const [schema, value] of [
      [Name, "  Ｔａｒｏ　ﾀﾞﾛｳ  "],
      [Tag, "İSTANBUL ｓｔｕｄｙ"],
      [Bio, "  ﬁne\r\n\r\n  "],
      [RoomName, "  Café  du   soleil "],
    ] as const) {
      const once = z.parse(schema, value);
      expect(z.parse(schema, once)).toBe(once);
    }
  });

  it("counts limits in code points on the wire, as JSON Schema's maxLength does", () => {
    expect(accepts(Tag, "𠮷".repeat(24)).data).toBe("𠮷".repeat(24));
    expect(accepts(Tag, "𠮷".repeat(25)).error?.issues[0]?.message).toBe("A tag has at most 24 characters.");
    expect(accepts(RoomName, "𠮷".repeat(40)).success).toBe(true);
    expect(accepts(Name, "あ".repeat(21)).error?.issues[0]?.message).toBe("A name has at most 20 characters.");
  });

  it("shares the device platforms between sign-up and the client header", () => {
    expect(Platform.options).toEqual(["ios", "android", "windows", "macos"]);
  });
});
