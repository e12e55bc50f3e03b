import * as z from "zod/mini";
import { db } from "@gogh/core/db";
import { identityProof } from "@gogh/core/identity/testing";
import * as Transfer from "@gogh/core/transfer";
import { sampleRoom } from "@gogh/core/room/testing";
import { textKindOf } from "@gogh/core/text";
import { describe, expect, it } from "vitest";
import type { Caller } from "./example";
import { type RouteName, routes } from "./routes";
import type { RouteSpec } from "./spec";
import { call, type CallResult, newCaller, testAddress } from "./testing";

// Every free-text field of every route, fuzzed with hostile text: no answer is a 500, a refusal is
// a 400 naming the field, and whatever is accepted is stored and read back exactly as the schema
// normalised it.

type Part = "body" | "query" | "path" | "headers";

interface TextField {
  route: RouteName;
  part: Part;
  path: string[];
  schema: z.ZodMiniType;
}

/** The free-text fields of a route's input, found through the schemas themselves. */
function textFieldsOf(route: RouteName, spec: RouteSpec): TextField[] {
  const found: TextField[] = [];
  const walk = (schema: z.ZodMiniType, part: Part, path: string[]) => {
    if (textKindOf(schema)) return void found.push({ route, part, path, schema });
    const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
    switch (def.type) {
      case "object":
        for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodMiniType>))
          walk(field, part, [...path, key]);
        return;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "nonoptional":
        return walk(def.innerType, part, path);
      case "pipe":
        return walk(def.in, part, path);
      case "array":
        return walk(def.element, part, [...path, "0"]);
      case "union":
        for (const option of def.options as z.ZodMiniType[]) walk(option, part, path);
        return;
    }
  };
  for (const part of ["body", "query", "path", "headers"] as const) {
    const schema = spec[part];
    if (schema) walk(schema, part, []);
  }
  // A union's options may share a field: keep it once.
  return found.filter(
    (field, index) => found.findIndex((other) => key(other) === key(field) && other.schema === field.schema) === index,
  );
}

const key = (field: Pick<TextField, "route" | "part" | "path">) =>
  `${field.route} ${field.part}.${field.path.join(".")}`;

/**
 * How to send a value in each field, and where to read it back. Every text field the table has
 * must be here: a new one fails the first test until it is fuzzed too.
 */
interface Driver {
  /** Sends the value; answers the response and, when accepted, what is stored now. */
  send(value: string): Promise<{ response: CallResult; stored?: () => Promise<unknown> }>;
}

/** The device label of the account's newest session, as stored. */
async function newestDeviceLabel(userId: string): Promise<unknown> {
  const row = await db()
    .selectFrom("auth_sessions")
    .select("device_label")
    .where("account_id", "=", userId)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.device_label;
}

const drivers: Record<string, () => Promise<Driver>> = {
  "POST /v1/auth/signup body.deviceLabel": async () => ({
    async send(value) {
      // Sign-ups are limited per address: each value comes from another one.
      const response = await call("POST /v1/auth/signup", {
        body: { platform: "ios", deviceLabel: value },
        sourceIp: testAddress(),
      });
      return { response, stored: () => newestDeviceLabel(response.body.userId) };
    },
  }),
  "POST /v1/auth/identity body.deviceLabel": async () => ({
    async send(value) {
      const response = await call("POST /v1/auth/identity", {
        body: { ...(await identityProof("google")), deviceLabel: value },
        sourceIp: testAddress(),
      });
      return { response, stored: () => newestDeviceLabel(response.body.userId) };
    },
  }),
  "POST /v1/auth/transfer body.deviceLabel": async () => ({
    async send(value) {
      // A code works once: each value moves a new person.
      const { userId } = await newCaller();
      const { code } = await Transfer.issue({ userId, passphrase: "a long passphrase" });
      const response = await call("POST /v1/auth/transfer", {
        body: { code, passphrase: "a long passphrase", platform: "android", deviceLabel: value },
        sourceIp: testAddress(),
      });
      return { response, stored: () => newestDeviceLabel(userId) };
    },
  }),
  "PATCH /v1/me body.name": async () => profileField("name"),
  "PATCH /v1/me body.bio": async () => profileField("bio"),
  "GET /v1/users/search query.q": async () => {
    // Searches and starts are limited per person (60 a minute, 30 an hour): a new one every 20 values.
    const person = rotating(20);
    return {
      async send(value) {
        const token = (await person()).accessToken;
        return { response: await call("GET /v1/users/search", { token, query: { q: value } }) };
      },
    };
  },
  "POST /v1/focus/sessions body.tag": async () => {
    const next = rotating(20);
    return {
      async send(value) {
        const person = await next();
        const response = await call("POST /v1/focus/sessions", {
          token: person.accessToken,
          body: { mode: "countup", tag: value },
        });
        if (response.status !== 201) return { response };
        const { id } = response.body;
        const stored = (await db().selectFrom("focus_sessions").select("tag").where("id", "=", id).executeTakeFirst())
          ?.tag;
        // One session runs at a time: end this one before the next value.
        const ended = await call("POST /v1/focus/sessions/{id}/abandon", { token: person.accessToken, path: { id } });
        expect(ended.body.tag).toBe(response.body.tag);
        return { response, stored: async () => stored };
      },
    };
  },
  "POST /v1/me/rooms body.name": async () => {
    const person = await newCaller();
    return {
      async send(value) {
        const response = await call("POST /v1/me/rooms", {
          token: person.accessToken,
          body: { name: value, visibility: "private", document: sampleRoom(2) },
        });
        if (response.status !== 201) return { response };
        const path = { roomId: response.body.id };
        const read = await call("GET /v1/me/rooms/{roomId}", { token: person.accessToken, path });
        // At most 10 rooms each: take this one away before the next value.
        expect((await call("DELETE /v1/me/rooms/{roomId}", { token: person.accessToken, path })).status).toBe(204);
        return { response, stored: async () => read.body.name };
      },
    };
  },
  "PUT /v1/me/rooms/{roomId} body.name": async () => {
    const person = await newCaller();
    const created = await call("POST /v1/me/rooms", {
      token: person.accessToken,
      body: { name: "Fuzzed", visibility: "private", document: sampleRoom(2) },
    });
    const path = { roomId: created.body.id as string };
    let version = created.body.version as number;
    return {
      async send(value) {
        const response = await call("PUT /v1/me/rooms/{roomId}", {
          token: person.accessToken,
          path,
          headers: { "if-match": `"${version}"` },
          body: { name: value, visibility: "private", document: sampleRoom(2) },
        });
        if (response.status === 200) version = response.body.version;
        const stored = async () =>
          (await call("GET /v1/me/rooms/{roomId}", { token: person.accessToken, path })).body.name;
        return { response, stored };
      },
    };
  },
};

/** A caller that is replaced by a new person every `uses` calls. */
function rotating(uses: number): () => Promise<Caller> {
  let current: Promise<Caller> | undefined;
  let used = 0;
  return () => {
    if (!current || used++ % uses === 0) current = newCaller();
    return current;
  };
}

async function profileField(field: "name" | "bio"): Promise<Driver> {
  const person = await newCaller();
  return {
    async send(value) {
      const response = await call("PATCH /v1/me", { token: person.accessToken, body: { [field]: value } });
      const stored = async () => (await call("GET /v1/me", { token: person.accessToken })).body[field];
      return { response, stored };
    },
  };
}

/** Pieces that may stand in text: stacking marks, emoji parts, astral, compatibility and case-changing characters. */
// prettier-ignore
const printable = [
  "a", "Z", "7", " ", "é", "e\u0301", "\u0301", "\u0336", "\u20dd", "\u0e49", "あ", "ア", "ｶ", "ﾞ", "漢", "𠮷", "𝒜",
  "👨", "👩", "👧", "👦", "👩\u200d💻", "🏽", "\ufe0f", "❤", "🏳", "\u00a0", "\u3000", "\ufdfa", "㍿", "İ", "ß", "ǅ",
  "%", "_", "\\", '"', "'", "<script>", "Ｔ",
];
/** Pieces that may not: joiners out of place, bidi controls, escapes, controls, separators, surrogates, private use. */
// prettier-ignore
const hostile = [
  "\u200d", "\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f", "\u200b", "\u200c", "\u00ad",
  "\ufeff", "\u0000", "\u001b", "\u001b[31m", "\u0007", "\t", "\n", "\r", "\u2028", "\ud800", "\udc00", "\ue000",
  "\u3164", "\u2800", "\u0085", "\u007f", "\u{e0041}", "\ufffe",
];
const alphabet = [...printable, ...hostile];

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % below) as number;
  };
}

const family = "👨‍👩‍👧‍👦";
// prettier-ignore
const chosen = [
  "ok", "  Ｔａｒｏ　ﾀﾞﾛｳ  ", `a${"\u0301".repeat(150)}`, family.repeat(18), family.repeat(3), "\ufdfa".repeat(20),
  `İ${"\u0301".repeat(4)}`.repeat(20), "abc\u202edef", "a\u200db", "\u001b[2J", "x".repeat(400), "𠮷".repeat(41), "",
];

/** The chosen cases, then random ones: a third printable only, a third mixed, a third long runs of one piece. */
function hostileStrings(seed: number, count: number): string[] {
  const next = random(seed);
  const pick = (pieces: string[]) => pieces[next(pieces.length)]!;
  const values = [...chosen];
  while (values.length < chosen.length + count) {
    let value = "";
    const shape = next(3);
    if (shape === 2) value = pick(alphabet).repeat(1 + next(120));
    else for (let index = next(30); index > 0; index--) value += pick(shape === 0 ? printable : alphabet);
    values.push(value);
  }
  return values;
}

const fields = (Object.entries(routes) as [RouteName, RouteSpec][]).flatMap(([route, spec]) =>
  textFieldsOf(route, spec),
);

describe("free-text fields", () => {
  it("are every one fuzzed below (a new text field needs a driver here)", () => {
    expect(fields.map(key).sort()).toEqual(Object.keys(drivers).sort());
  });

  it.each(fields.map((field) => [key(field), field] as const))(
    "%s: never answers 500, refuses with 400 naming the field, stores exactly what it accepted",
    async (name, field) => {
      const driver = await drivers[name]!();
      let accepted = 0;
      let refused = 0;
      for (const [index, value] of hostileStrings(name.length * 7919, 60).entries()) {
        const { response, stored } = await driver.send(value);
        const context = `${name} #${index} ${JSON.stringify(value)} → ${response.status} ${JSON.stringify(response.body)}`;
        expect(response.status, context).toBeLessThan(500);
        // A query string carries UTF-8: a lone surrogate arrives as U+FFFD.
        const received = field.part === "query" ? new URLSearchParams({ value }).get("value")! : value;
        const parsed = z.safeParse(field.schema, received);
        if (!parsed.success) {
          expect(response.status, context).toBe(400);
          expect(response.body.error.code, context).toBe("validation_failed");
          expect(
            response.body.error.details.map((detail: { path: string }) => detail.path),
            context,
          ).toContain([field.part, ...field.path].join("."));
          refused++;
          continue;
        }
        expect(response.status, context).toBeLessThan(300);
        if (stored) expect(await stored(), context).toBe(parsed.data);
        accepted++;
      }
      // The generator makes both kinds: a fuzz that only ever hits one side proves little.
      expect(accepted, name).toBeGreaterThan(5);
      expect(refused, name).toBeGreaterThan(5);
    },
  );
});
