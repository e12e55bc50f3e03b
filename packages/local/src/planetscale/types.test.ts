import { connect } from "@planetscale/database";
import { Kysely, sql } from "kysely";
import { PlanetScaleDialect } from "kysely-planetscale";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownDatabase } from "../test/own-database";
import { startPlanetScaleSimulator, type Simulator } from "./index";

// Every column type the app's schema uses, written and read back through the production driver
// and through Kysely + kysely-planetscale, exactly as PlanetScale would hand them over.

const { target, database } = ownDatabase("gogh_test_types");
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database });
  await connect({ url: simulator.url }).execute(`
    CREATE TABLE samples (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      name VARCHAR(100) NULL,
      body TEXT NULL,
      active TINYINT(1) NULL,
      score INT NULL,
      visits INT UNSIGNED NULL,
      balance BIGINT NULL,
      serial BIGINT UNSIGNED NULL,
      price DECIMAL(12,2) NULL,
      ratio DOUBLE NULL,
      happened_at DATETIME(3) NULL,
      day DATE NULL,
      document JSON NULL,
      digest BINARY(32) NULL,
      thumbnail VARBINARY(64) NULL,
      payload BLOB NULL,
      mood ENUM('happy','sad') NULL,
      PRIMARY KEY (id)
    )`);
});

afterAll(async () => {
  await simulator?.close();
});

interface SamplesTable {
  id: string;
  name: string | null;
  body: string | null;
  active: number | null;
  score: number | null;
  visits: number | null;
  balance: string | null;
  serial: string | null;
  price: string | null;
  ratio: number | null;
  happened_at: Date | null;
  day: string | null;
  document: unknown;
  digest: Uint8Array | null;
  thumbnail: Uint8Array | null;
  payload: Uint8Array | null;
  mood: "happy" | "sad" | null;
}

const digest = Uint8Array.from({ length: 32 }, (_, index) => (index * 37 + 255) % 256); // includes 0x00 and 0xff
const thumbnail = Uint8Array.from([0, 1, 2, 127, 128, 254, 255]);
const payload = new TextEncoder().encode("binary \u0000 payload ✓");
const document = { title: "日本語", tags: ["a", "b"], nested: { count: 3, ok: true, none: null } };

const full = {
  name: "山田 太郎 🎨 かなカナ",
  body: "A longer text: 日本語の本文。\nSecond line with emoji 🍣 and quotes ' \" \\ done.",
  active: 1,
  score: -2147483648,
  visits: 4294967295,
  balance: "-9223372036854775808",
  serial: "18446744073709551615", // above 2^53: must not lose precision
  price: "1234567890.05",
  ratio: 3.141592653589793,
  happenedAt: "2024-02-29 23:59:58.123",
  day: "2024-02-29",
  mood: "happy" as const,
};

describe("through @planetscale/database", () => {
  const driverId = "01HZXDRIVER0000000000000A1";
  const nullId = "01HZXDRIVER0000000000000N1";

  beforeAll(async () => {
    const connection = connect({ url: simulator.url });
    await connection.execute(
      `INSERT INTO samples (id, name, body, active, score, visits, balance, serial, price, ratio, happened_at, day,
        document, digest, thumbnail, payload, mood) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        driverId,
        full.name,
        full.body,
        true,
        full.score,
        full.visits,
        BigInt(full.balance),
        BigInt(full.serial),
        full.price,
        full.ratio,
        full.happenedAt,
        full.day,
        JSON.stringify(document),
        digest,
        thumbnail,
        payload,
        full.mood,
      ],
    );
    await connection.execute("INSERT INTO samples (id) VALUES (?)", [nullId]);
  });

  it("returns every column type with the JavaScript value the driver gives in production", async () => {
    const connection = connect({ url: simulator.url });
    const result = await connection.execute("SELECT * FROM samples WHERE id = ?", [driverId]);
    expect(result.rows).toEqual([
      {
        id: driverId,
        name: full.name,
        body: full.body,
        active: 1,
        score: full.score,
        visits: full.visits,
        balance: full.balance,
        serial: full.serial,
        price: full.price,
        ratio: full.ratio,
        happened_at: full.happenedAt,
        day: full.day,
        document,
        digest,
        thumbnail,
        payload,
        mood: "happy",
      },
    ]);
  });

  it("types fields the Vitess way", async () => {
    const connection = connect({ url: simulator.url });
    const result = await connection.execute("SELECT * FROM samples WHERE id = ?", [driverId]);
    expect(result.types).toEqual({
      id: "BINARY", // a _bin collation sets MySQL's BINARY flag; its charset stays text, so it reads as a string
      name: "VARCHAR",
      body: "TEXT",
      active: "INT8",
      score: "INT32",
      visits: "UINT32",
      balance: "INT64",
      serial: "UINT64",
      price: "DECIMAL",
      ratio: "FLOAT64",
      happened_at: "DATETIME",
      day: "DATE",
      document: "JSON",
      digest: "BINARY",
      thumbnail: "VARBINARY",
      payload: "BLOB",
      mood: "ENUM",
    });
    const byName = Object.fromEntries(result.fields.map((field) => [field.name, field]));
    expect(byName.digest).toMatchObject({
      charset: 63,
      table: "samples",
      orgTable: "samples",
      database,
      orgName: "digest",
      columnLength: 32,
    });
    expect(byName.body?.charset).not.toBe(63);
    expect(byName.id?.charset).not.toBe(63);
    expect(byName.price).toMatchObject({ decimals: 2 });
  });

  it("returns JSON columns typed JSON on MariaDB", async () => {
    const connection = connect({ url: simulator.url });
    const result = await connection.execute(
      "SELECT document, JSON_OBJECT('k', 'v') AS built FROM samples WHERE id = ?",
      [driverId],
    );
    expect(result.types).toEqual({ document: "JSON", built: "JSON" });
    expect(result.rows[0]).toEqual({ document, built: { k: "v" } });
  });

  it("returns NULL for every column type", async () => {
    const connection = connect({ url: simulator.url });
    const result = await connection.execute("SELECT * FROM samples WHERE id = ?", [nullId]);
    const row = result.rows[0] as Record<string, unknown>;
    expect(
      Object.entries(row)
        .filter(([name]) => name !== "id")
        .every(([, value]) => value === null),
    ).toBe(true);
    expect(Object.keys(row)).toHaveLength(17);
  });

  it("keeps an empty string distinct from NULL", async () => {
    const connection = connect({ url: simulator.url });
    const result = await connection.execute("SELECT '' AS empty, NULL AS nothing");
    expect(result.rows).toEqual([{ empty: "", nothing: null }]);
    expect(result.types.nothing).toBe("NULL");
  });

  it("answers an empty result with its fields and no rows", async () => {
    const connection = connect({ url: simulator.url });
    const result = await connection.execute("SELECT id, name FROM samples WHERE id = 'none'");
    expect(result.rows).toEqual([]);
    expect(result.headers).toEqual(["id", "name"]);
  });
});

describe("through Kysely with PlanetScaleDialect", () => {
  const db = () => new Kysely<{ samples: SamplesTable }>({ dialect: new PlanetScaleDialect({ url: simulator.url }) });
  const kyselyId = "01HZXKYSELY0000000000000A1";
  const nullId = "01HZXKYSELY0000000000000N1";
  const happenedAt = new Date("2024-02-29T23:59:58.123Z");

  beforeAll(async () => {
    await db()
      .insertInto("samples")
      .values({
        id: kyselyId,
        name: full.name,
        body: full.body,
        active: 1,
        score: full.score,
        visits: full.visits,
        balance: full.balance,
        serial: full.serial,
        price: full.price,
        ratio: full.ratio,
        happened_at: happenedAt,
        day: full.day,
        document: JSON.stringify(document),
        digest,
        thumbnail,
        payload,
        mood: full.mood,
      })
      .execute();
    await db().insertInto("samples").values({ id: nullId }).execute();
  });

  it("returns every column type, with DATETIME read as a UTC Date", async () => {
    const row = await db().selectFrom("samples").selectAll().where("id", "=", kyselyId).executeTakeFirstOrThrow();
    expect(row).toEqual({
      id: kyselyId,
      name: full.name,
      body: full.body,
      active: 1,
      score: full.score,
      visits: full.visits,
      balance: full.balance,
      serial: full.serial,
      price: full.price,
      ratio: full.ratio,
      happened_at: happenedAt,
      day: full.day,
      document,
      digest,
      thumbnail,
      payload,
      mood: "happy",
    });
    expect(row.happened_at?.toISOString()).toBe("2024-02-29T23:59:58.123Z");
  });

  it("returns NULL for every column type", async () => {
    const row = await db().selectFrom("samples").selectAll().where("id", "=", nullId).executeTakeFirstOrThrow();
    const { id, ...rest } = row;
    expect(id).toBe(nullId);
    expect(Object.values(rest).every((value) => value === null)).toBe(true);
  });

  it("stores what the driver stores: rows written by either read back the same", async () => {
    const rows = await db()
      .selectFrom("samples")
      .select(["name", "body", "balance", "serial", "price", "happened_at", "document", "digest", "payload"])
      .where("id", "in", [kyselyId, "01HZXDRIVER0000000000000A1"])
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(rows[1]);
  });

  it("compares in SQL the way the stored values say", async () => {
    const { matches } = await sql<{ matches: number }>`
      SELECT COUNT(*) AS matches FROM samples
      WHERE serial = 18446744073709551615 AND price = 1234567890.05 AND happened_at = '2024-02-29 23:59:58.123'
        AND JSON_UNQUOTE(JSON_EXTRACT(document, '$.title')) = '日本語' AND digest = ${digest}`
      .execute(db())
      .then((result) => result.rows[0]!);
    expect(Number(matches)).toBe(2);
  });
});
